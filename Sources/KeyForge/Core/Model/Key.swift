/// One physical key: where it is, which finger presses it, and how it is reached (docs/PHYSICS.md section 1.1).
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
    /// The rotation in degrees, clockwise on the page (y grows downwards), as keyboard-layout-editor's
    /// `r`; 0 for an upright key. `x`, `y`, `width` and `height` describe the key before rotation.
    public var rotation: Double
    /// The point the key turns about, in key units (KLE's `rx`); only read when `rotation` is not 0.
    public var rotationOriginX: Double
    /// The point the key turns about, vertically (KLE's `ry`).
    public var rotationOriginY: Double

    /// Creates a key; `width` and `height` default to 1u.
    public init(hand: Int, finger: Int, row: Int, col: Int, x: Double, y: Double,
                width: Double = 1, height: Double = 1, isStretch: Bool = false, isHome: Bool = false,
                rotation: Double = 0, rotationOriginX: Double = 0, rotationOriginY: Double = 0) {
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
        self.rotation = rotation
        self.rotationOriginX = rotationOriginX
        self.rotationOriginY = rotationOriginY
    }

    /// The centre of the key after rotation: travel is measured between centres.
    ///
    /// An upright key takes the plain sum, so boards without rotation score bit for bit as they did
    /// before rotation existed (turning by 0 degrees through sin and cos could round differently).
    public var centerX: Double { rotation == 0 ? x + width / 2 : rotated(x + width / 2, y + height / 2).x }
    /// The centre of the key after rotation, vertically.
    public var centerY: Double { rotation == 0 ? y + height / 2 : rotated(x + width / 2, y + height / 2).y }

    /// The point (`px`, `py`) of the upright key turned by `rotation` about the rotation origin.
    public func rotated(_ px: Double, _ py: Double) -> (x: Double, y: Double) {
        guard rotation != 0 else { return (px, py) }
        let (sine, cosine) = Key.sineCosine(degrees: rotation)
        let dx = px - rotationOriginX, dy = py - rotationOriginY
        return (rotationOriginX + dx * cosine - dy * sine, rotationOriginY + dx * sine + dy * cosine)
    }

    /// The four corners after rotation: top left, top right, bottom right, bottom left.
    public var corners: [(x: Double, y: Double)] {
        [rotated(x, y), rotated(x + width, y), rotated(x + width, y + height), rotated(x, y + height)]
    }

    /// Sine and cosine of an angle in degrees, exact at multiples of 90 (the standard library has no
    /// trigonometry without Foundation, so a reduced-range Taylor series does the rest). Plain IEEE
    /// arithmetic in a fixed order: every machine gets the same centres, so rotated boards score the same too.
    static func sineCosine(degrees: Double) -> (sine: Double, cosine: Double) {
        var turned = degrees.truncatingRemainder(dividingBy: 360)
        if turned < 0 { turned += 360 }
        if turned >= 360 { turned = 0 }   // a tiny negative angle rounds up to 360
        let quadrant = Int(turned / 90)
        let radians = (turned - Double(quadrant) * 90) * Double.pi / 180
        let square = radians * radians
        var sine = 0.0, cosine = 0.0, sineTerm = radians, cosineTerm = 1.0
        for n in 0..<12 {
            sine += sineTerm
            cosine += cosineTerm
            sineTerm *= -square / Double((2 * n + 2) * (2 * n + 3))
            cosineTerm *= -square / Double((2 * n + 1) * (2 * n + 2))
        }
        switch quadrant {
        case 0: return (sine, cosine)
        case 1: return (cosine, -sine)
        case 2: return (-sine, -cosine)
        default: return (-cosine, sine)
        }
    }

    /// The index 0 ..< 10 of this key's finger in report order: left pinky ... left thumb, right thumb ... right pinky.
    public var fingerSlot: Int { hand == 0 ? 4 - finger : 5 + finger }

    /// Names of the fingers in `fingerSlot` order.
    public static let fingerSlotNames = ["LP", "LR", "LM", "LI", "LT", "RT", "RI", "RM", "RR", "RP"]
}
