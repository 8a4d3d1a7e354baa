import CShims
import Glibc

/// Watches a folder tree with inotify and reports changed file paths (relative to the root) on an event loop.
///
/// Recursive: every folder gets a watch, and a folder that appears (created, or moved in whole)
/// is watched and its files reported, since they may have been written before its watch existed.
/// A file counts as changed when it is closed after writing, moved in, moved out or deleted, so an
/// atomic replace (write a temporary file, rename over) is one change of the final name. When the
/// kernel queue overflows, or a folder is removed or moved away, the watcher asks for a full rescan.
public final class DirectoryWatcher: EventHandler {
    /// What the watcher saw.
    public enum Change: Equatable, Sendable {
        /// A file at this relative path changed, appeared or went away.
        case file(String)
        /// Events were lost or a folder vanished: the owner should rescan everything.
        case rescan
    }

    /// Bytes read from the inotify descriptor per call (many events fit).
    static let bufferBytes = 64 << 10
    private static let folderMask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE
                                           | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR)

    /// The watched root.
    public let root: String
    private let descriptor: Int32
    private var folders: [Int32: String] = [:]
    private var registration: EventRegistration?
    private let onChanges: ([Change]) -> Void
    private let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bufferBytes, alignment: 8)

    /// Starts watching `root` and every folder below it; `onChanges` runs on `loop`'s thread.
    /// The corresponding C functions are `inotify_init1` and `inotify_add_watch`.
    public init(root: String, loop: EventLoop, onChanges: @escaping ([Change]) -> Void) throws(SystemError) {
        self.root = root
        self.onChanges = onChanges
        descriptor = try retryingInterrupts("inotify_init1", root) { inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC)) }
        do {
            _ = try watchTree("")
            registration = try loop.register(descriptor, interest: .readable, handler: self)
        } catch {
            Glibc.close(descriptor)
            throw error
        }
    }

    deinit {
        Glibc.close(descriptor)
        buffer.deallocate()
    }

    /// Number of watched folders.
    public var watchedFolderCount: Int { folders.count }

    /// Adds watches for `relative` and every folder below it; returns the files found there.
    private func watchTree(_ relative: String) throws(SystemError) -> [String] {
        var files: [String] = []
        var pending = [relative]
        while let folder = pending.popLast() {
            let path = folder.isEmpty ? root : "\(root)/\(folder)"
            let (watch, code) = uninterruptedCall("inotify_add_watch") { inotify_add_watch(descriptor, path, Self.folderMask) }
            if code != 0 {
                // The folder vanished between the listing and the watch: nothing to watch.
                if code == ENOENT || code == ENOTDIR { continue }
                throw SystemError(code: code, call: "inotify_add_watch", subject: path)
            }
            folders[watch] = folder
            let names: [String]
            do { names = try FileSystem.listDirectory(path) } catch where error.isNotFound { continue }
            for name in names {
                let child = folder.isEmpty ? name : "\(folder)/\(name)"
                if FileSystem.isDirectory("\(root)/\(child)") { pending.append(child) } else { files.append(child) }
            }
        }
        return files
    }

    /// Reads and decodes every pending event, then reports them in one batch.
    public func handle(_ events: IOEvents) {
        var changes: [Change] = []
        while true {
            // Drained (would-block) or failed: either way there is nothing more to read now.
            let result = try? retryingInterruptsUnlessWouldBlock("read", root) { Glibc.read(descriptor, buffer.baseAddress, Self.bufferBytes) }
            guard let count = result ?? nil, count > 0 else { break }
            decode(count: count, into: &changes)
        }
        if !changes.isEmpty { onChanges(changes) }
    }

    private func decode(count: Int, into changes: inout [Change]) {
        var offset = 0
        // struct inotify_event: int wd; uint32 mask, cookie, len; char name[len] (NUL-padded).
        while offset + 16 <= count {
            let watch = buffer.load(fromByteOffset: offset, as: Int32.self)
            let mask = buffer.load(fromByteOffset: offset + 4, as: UInt32.self)
            let length = Int(buffer.load(fromByteOffset: offset + 12, as: UInt32.self))
            let nameBytes = UnsafeRawBufferPointer(rebasing: buffer[(offset + 16)..<min(offset + 16 + length, count)])
            let name = String(decoding: nameBytes.prefix { $0 != 0 }, as: UTF8.self)
            offset += 16 + length
            if mask & UInt32(IN_Q_OVERFLOW) != 0 {
                changes.append(.rescan)
                continue
            }
            if mask & UInt32(IN_IGNORED) != 0 {
                folders[watch] = nil
                continue
            }
            guard let folder = folders[watch] else { continue }
            if mask & UInt32(IN_DELETE_SELF | IN_MOVE_SELF) != 0 {
                if folder.isEmpty { changes.append(.rescan) }
                continue
            }
            guard !name.isEmpty else { continue }
            let path = folder.isEmpty ? name : "\(folder)/\(name)"
            if mask & UInt32(IN_ISDIR) != 0 {
                if mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 {
                    do { changes.append(contentsOf: try watchTree(path).map(Change.file)) } catch { changes.append(.rescan) }
                } else if mask & UInt32(IN_DELETE | IN_MOVED_FROM) != 0 {
                    changes.append(.rescan)
                }
            } else if mask & UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE) != 0 {
                changes.append(.file(path))
            }
        }
    }
}
