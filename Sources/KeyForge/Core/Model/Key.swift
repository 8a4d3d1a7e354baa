/// One physical key: where it is, which finger presses it, and how it is reached (PHYSICS section 1).
public struct Key: Equatable, Sendable {
    /// 0 left, 1 right.
    public var hand: Int
    /// 0 thumb, 1 index, 2 middle, 3 ring, 4 pinky.
    public var finger: Int
    /// The logical row (0 is the top row).
    public var row: Int
    /// The logical column, counted across the whole board.
    public var col: Int
    /// The left edge in key units (1u = 19.05 mm).
    public var x: Double
    /// The top edge in key units; y grows downwards.
    public var y: Double
    /// The width in key units.
    public var width: Double
    /// The height in key units.
    public var height: Double
    /// True on a column the finger reaches sideways to.
    public var isStretch: Bool
    /// True on the finger's resting key.
    public var isHome: Bool

    /// Creates a key; `width` and `height` default to 1u.
    public init(hand: Int, finger: Int, row: Int, col: Int, x: Double, y: Double,
                width: Double = 1, height: Double = 1, isStretch: Bool = false, isHome: Bool = false) {
        self.hand = hand
        self.finger = finger
        self.row = row
        self.col = col
        self.x = x
        self.y = y
        self.width = width
        self.height = height
        self.isStretch = isStretch
        self.isHome = isHome
    }

    /// The centre of the key: travel is measured between centres.
    public var centerX: Double { x + width / 2 }
    /// The centre of the key, vertically.
    public var centerY: Double { y + height / 2 }

    /// The index 0 ..< 10 of this key's finger in report order: left pinky ... left thumb, right thumb ... right pinky.
    public var fingerSlot: Int { hand == 0 ? 4 - finger : 5 + finger }

    /// Names of the fingers in `fingerSlot` order.
    public static let fingerSlotNames = ["LP", "LR", "LM", "LI", "LT", "RT", "RI", "RM", "RR", "RP"]
}
