import CShims
import Glibc
import KeyForgeSystem

// Thin: the multicall dispatcher decides everything (Multicall/).
SignalDisposition.ignore(SIGPIPE)
// First, before any thread exists: SIGINT and SIGTERM are blocked in every thread and read from one
// signalfd (TerminationSignals explains why). Until a role subscribes, they end the process as usual.
do { try TerminationSignals.start() } catch { FileSystem.writeStandardError("keyforge: signals: \(error)\n") }
// The C runtime's own argv (see kf_argv): CommandLine reads /proc/self/cmdline, which a bare chroot or
// a distroless root without /proc does not have.
var arguments = CommandLine.arguments
if let argv = kf_argv() {
    arguments = (0..<Int(kf_argc())).map { String(cString: argv[$0]!) }
}
exit(Multicall.run(arguments))
