// placeholder so the target has a source until the real files land; delete when it does
