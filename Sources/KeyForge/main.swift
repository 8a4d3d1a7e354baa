import Glibc

// Thin: the multicall dispatcher decides everything (Multicall/).
signal(SIGPIPE, SIG_IGN)
exit(Multicall.run(CommandLine.arguments))
