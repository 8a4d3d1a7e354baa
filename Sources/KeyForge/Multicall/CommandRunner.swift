import ArgumentParser
import KeyForgeAdapters
import KeyForgeCore
import KeyForgeSystem
import KeyForgeServices

/// Runs a role's command tree: parse, `validate()`, `run()`, and every error mapped to its exit code here.
enum CommandRunner {
    /// Parses `arguments` as `Command`'s tree, runs it, and returns the exit code.
    static func run<Command: ParsableCommand>(_ command: Command.Type, _ arguments: [String]) -> Int32 {
        do {
            var parsed = try Command.parseAsRoot(arguments)
            try parsed.run()
            return ExitStatus.ok
        } catch let error as ExitCode {
            return error.rawValue
        } catch let error as InputError {
            return report(error)
        } catch let error as KeyForgeCore.ValidationError {
            return report(error)
        } catch let error as SystemError {
            return report(error)
        } catch let error as ValkeyError {
            return report(error)
        } catch let error as HTTPClientError {
            return report(error)
        } catch {
            let code = Command.exitCode(for: error).rawValue
            let message = Command.fullMessage(for: error)
            if code == 0 { print(message) } else if !message.isEmpty { printError(message) }
            return code == 1 ? ExitStatus.usage : code
        }
    }

    private static func report(_ error: Error) -> Int32 {
        let (code, message) = ExitStatus.classify(error)
        printError("keyforge: \(message)")
        return code
    }
}
