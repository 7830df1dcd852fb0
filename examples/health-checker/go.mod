module example.com/health-checker

go 1.22
