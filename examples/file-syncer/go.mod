module example.com/file-syncer

go 1.23
