module example.com/deploy-helper

go 1.22
