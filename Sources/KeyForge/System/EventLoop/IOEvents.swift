import CShims

/// What a descriptor is ready for (or what a handler wants to hear about).
public struct IOEvents: OptionSet, Sendable, CustomStringConvertible {
    public let rawValue: UInt32

    /// Creates a set from epoll bits.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Data (or end of stream, or a pending connection) can be read.
    public static let readable = IOEvents(rawValue: EPOLLIN.rawValue)
    /// There is room to write.
    public static let writable = IOEvents(rawValue: EPOLLOUT.rawValue)
    /// The peer shut down its writing half (reads will drain then return 0).
    public static let readHangup = IOEvents(rawValue: EPOLLRDHUP.rawValue)
    /// Both directions are closed.
    public static let hangup = IOEvents(rawValue: EPOLLHUP.rawValue)
    /// An error is pending on the socket.
    public static let error = IOEvents(rawValue: EPOLLERR.rawValue)

    /// `readable|writable`-style text for logs.
    public var description: String {
        let names: [(IOEvents, String)] = [(.readable, "readable"), (.writable, "writable"), (.readHangup, "rdhup"),
                                           (.hangup, "hup"), (.error, "err")]
        return names.filter { contains($0.0) }.map(\.1).joined(separator: "|")
    }
}

/// A handle to a descriptor's registration: the descriptor and the generation it was registered in.
public struct EventRegistration: Hashable, Sendable {
    /// The registered descriptor.
    public let descriptor: Int32
    /// Distinguishes this registration from an earlier one of a reused descriptor number.
    public let generation: UInt32

    /// The 64-bit word stored in `epoll_data`: generation high, descriptor low.
    var packed: UInt64 { UInt64(generation) << 32 | UInt64(UInt32(bitPattern: descriptor)) }

    init(descriptor: Int32, generation: UInt32) {
        self.descriptor = descriptor
        self.generation = generation
    }

    init(packed: UInt64) {
        descriptor = Int32(bitPattern: UInt32(truncatingIfNeeded: packed))
        generation = UInt32(truncatingIfNeeded: packed >> 32)
    }
}

/// Something the loop calls when its descriptor is ready. Called on the loop's thread only.
public protocol EventHandler: AnyObject {
    /// The descriptor is ready for `events`.
    func handle(_ events: IOEvents)
}
