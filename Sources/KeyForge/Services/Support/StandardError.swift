import KeyForgeSystem

/// Writes a line to standard error.
package func printError(_ message: String, terminator: String = "\n") {
    FileSystem.writeStandardError(message + terminator)
}
