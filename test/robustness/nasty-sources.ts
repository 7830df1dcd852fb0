// Go sources that stress a parser and the rules: very deep nesting and code caught half-typed.

/** Files whose syntax nests `depth` levels deep, in the shapes that make recursive code overflow the stack. */
export function deeplyNestedSources(depth: number): Record<string, string> {
  const wrap = (open: string, inner: string, close: string): string => open.repeat(depth) + inner + close.repeat(depth);
  return {
    'parens.go': `package main\n\nfunc main() {\n\tx := ${wrap('(', '1', ')')}\n\t_ = x\n}\n`,
    'calls.go': `package main\n\nfunc f(x int) int { return x }\n\nfunc main() {\n\t_ = ${wrap('f(', '1', ')')}\n}\n`,
    'binary.go': `package main\n\nfunc main() {\n\tx := 1${' + 1'.repeat(depth)}\n\t_ = x\n}\n`,
    'blocks.go': `package main\n\nfunc main() {\n${wrap('{', '_ = 1', '}')}\n}\n`,
    'closures.go': `package main\n\nfunc main() {\n\t${wrap('func() {', 'resp, _ := http.Get("u"); _ = resp', '}()')}\n}\n`,
    'slices.go': `package main\n\nvar v = ${wrap('[]any{', '1', '}')}\n\nfunc main() {}\n`,
    'goroutines.go': `package main\n\nfunc main() {\n\t${wrap('go func() {', 'println(1)', '}()')}\n}\n`,
    'ifs.go': `package main\n\nfunc main() {\n${wrap('if true {', 'f, _ := os.Open("x"); _ = f', '}')}\n}\n`,
  };
}

/** Leaky programs cut off mid-token, the way the editor sees them while the user types. */
export function halfTypedSources(): Record<string, string> {
  return {
    'half-call.go': 'package main\n\nimport "net/http"\n\nfunc main() {\n\tresp, err := http.Get(\n',
    'half-defer.go': 'package main\n\nimport "os"\n\nfunc main() {\n\tf, _ := os.Open("x")\n\tdefer f.\n}\n',
    'half-select.go': 'package main\n\nfunc main() {\n\tch := make(chan int)\n\tgo func() { ch <- 1 }()\n\tselect {\n\tcase v := <-ch\n',
    'half-func.go': 'package main\n\nfunc (s *server) run(ctx context.Context) {\n\tfor {\n\t\tselect {\n\t\tcase <-ctx.',
    'only-package.go': 'package',
    'empty.go': '',
    'garbage.go': 'package main\n}}}{{{ func func ( ) ) go defer := <- <- chan chan\n',
  };
}
