// npm run bench.
