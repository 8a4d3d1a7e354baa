/// What kind of bigram a pair of keys makes (docs/PHYSICS.md section 2.4, B); several may hold at once.
public struct BigramClass: OptionSet, Sendable, Hashable {
    /// The raw flags.
    public let rawValue: UInt16
    /// Creates flags.
    public init(rawValue: UInt16) { self.rawValue = rawValue }
    /// The two keys are on different hands.
    public static let handChange = BigramClass(rawValue: 1 << 0)
    /// The same key twice.
    public static let sameKey = BigramClass(rawValue: 1 << 1)
    /// Same finger, different keys.
    public static let sameFinger = BigramClass(rawValue: 1 << 2)
    /// Adjacent fingers at least `scissor_row_diff` rows apart.
    public static let fullScissor = BigramClass(rawValue: 1 << 3)
    /// Adjacent fingers one row apart with the shorter finger going up.
    public static let halfScissor = BigramClass(rawValue: 1 << 4)
    /// A lateral stretch between adjacent fingers.
    public static let lateralStretch = BigramClass(rawValue: 1 << 5)
    /// Same hand, different fingers, moving towards the thumb.
    public static let rollIn = BigramClass(rawValue: 1 << 6)
    /// Same hand, different fingers, moving away from the thumb.
    public static let rollOut = BigramClass(rawValue: 1 << 7)
}

/// What kind of trigram three keys make (docs/PHYSICS.md section 2.5, T); several may hold at once.
public struct TrigramClass: OptionSet, Sendable, Hashable {
    /// The raw flags.
    public let rawValue: UInt16
    /// Creates flags.
    public init(rawValue: UInt16) { self.rawValue = rawValue }
    /// One hand, three different fingers, one direction.
    public static let onehand = TrigramClass(rawValue: 1 << 0)
    /// One hand, three different fingers, the direction changes.
    public static let redirect = TrigramClass(rawValue: 1 << 1)
    /// A redirect with no index finger.
    public static let badRedirect = TrigramClass(rawValue: 1 << 2)
    /// First and third on one finger, different keys, the middle elsewhere.
    public static let sameFingerSkip = TrigramClass(rawValue: 1 << 3)
    /// Hands alternate: L R L or R L R.
    public static let alternate = TrigramClass(rawValue: 1 << 4)
    /// Two on one hand rolling between different fingers, one on the other hand.
    public static let roll = TrigramClass(rawValue: 1 << 5)
}
