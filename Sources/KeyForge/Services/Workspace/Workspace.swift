import KeyForgeSystem

/// The user's workspace: a folder of their own keyboards, rubrics, corpora and results (docs/ARCHITECTURE.md section 9).
public struct Workspace: Sendable {
    /// The folders a workspace has.
    public static let folders = ["keyboards", "rubrics", "corpora", "results"]
    /// The lock file's name inside the root.
    public static let lockName = ".lock"
    /// The folder inside the workspace that `keyforge sync` mirrors the assets server into.
    public static let systemFolder = "system"

    /// How `initialize` treats a missing structure.
    public enum InitMode: Sendable {
        /// Create what is missing.
        case create
        /// Only check; report what is missing.
        case verify
    }

    /// The root folder.
    public let root: String

    /// A workspace at `root`.
    public init(root: String) { self.root = root }

    /// The root: `KEYFORGE_HOME`, else `$XDG_DATA_HOME/keyforge`, else `~/.keyforge` (nil without HOME).
    public static func resolveRoot() -> String? {
        if let home = Environment.value("KEYFORGE_HOME") { return home }
        if let xdg = Environment.value("XDG_DATA_HOME") { return "\(xdg)/keyforge" }
        if let home = Environment.value("HOME") { return "\(home)/.keyforge" }
        return nil
    }

    /// The workspace at the resolved root, if there is one.
    public static var current: Workspace? { resolveRoot().map(Workspace.init(root:)) }

    /// Creates the folder structure (`.create`) or checks it (`.verify`, which throws naming what is missing).
    public func initialize(_ mode: InitMode) throws(InputError) {
        let missing = ([""] + Workspace.folders).filter { !FileSystem.isDirectory($0.isEmpty ? root : "\(root)/\($0)") }
        guard !missing.isEmpty else { return }
        switch mode {
        case .verify:
            throw InputError(.missing, source: root, "workspace is missing: \(missing.map { $0.isEmpty ? "the root folder" : $0 }.joined(separator: ", "))")
        case .create:
            do {
                for folder in Workspace.folders { try FileSystem.makeDirectories("\(root)/\(folder)") }
            } catch {
                throw .system(error)
            }
        }
    }

    /// Takes the workspace lock, retrying with exponential backoff (1 ms doubling to 250 ms) for up to
    /// `timeoutMilliseconds`; the lock is released when the returned value is dropped.
    public func lock(timeoutMilliseconds: Int = 30_000) throws(InputError) -> FileLock {
        let path = "\(root)/\(Workspace.lockName)"
        var waited = 0, pause = 1
        while true {
            do {
                if let lock = try FileLock.tryAcquire(path) { return lock }
            } catch {
                throw .system(error)
            }
            if waited >= timeoutMilliseconds {
                throw InputError(.io, source: path, "workspace is locked by another keyforge process (waited \(waited) ms)")
            }
            FileLock.sleep(milliseconds: pause)
            waited += pause
            pause = min(pause * 2, 250)
        }
    }
}
