module leaklens.example/corpus

go 1.26
