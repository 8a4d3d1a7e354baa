import CShims
import Glibc

// Thin: the multicall dispatcher decides everything (Multicall/).
signal(SIGPIPE, SIG_IGN)
// The C runtime's own argv (see kf_argv): CommandLine reads /proc/self/cmdline, which a bare chroot or
// a distroless root without /proc does not have.
var arguments = CommandLine.arguments
if let argv = kf_argv() {
    arguments = (0..<Int(kf_argc())).map { String(cString: argv[$0]!) }
}
exit(Multicall.run(arguments))
