/// A message received on a subscribed channel.
public struct ValkeyMessage: Equatable, Sendable {
    /// The channel it was published on.
    public var channel: String
    /// The pattern that matched, for pattern subscriptions.
    public var pattern: String?
    /// The published bytes.
    public var payload: [UInt8]

    /// Creates a message.
    public init(channel: String, pattern: String?, payload: [UInt8]) {
        self.channel = channel
        self.pattern = pattern
        self.payload = payload
    }
}

/// What happened to a subscriber's connection, so its owner can resynchronize.
public enum ValkeySubscriberEvent: Equatable, Sendable {
    /// Every channel and pattern is subscribed; `isResubscription` is true after a reconnect, when
    /// messages published meanwhile were lost (pub/sub is at-most-once) and the owner should resync.
    case subscribed(isResubscription: Bool)
    /// The connection failed; the subscriber reconnects with backoff.
    case disconnected(ValkeyError)
}
