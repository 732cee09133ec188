// Command samestory finds near-duplicate news articles and groups the
// articles that cover the same event into stories. Run "samestory help"
// for its commands.
package main

import "os"

func main() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }
