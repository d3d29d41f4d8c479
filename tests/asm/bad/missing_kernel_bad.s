.target davinci
    halt
