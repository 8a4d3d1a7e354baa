/// A parsed or to-be-written JSON value; a JSON number keeps integers exact.
///
/// Numbers split in two so that integer data (scores, counts, seeds) survives a round trip bit for
/// bit: a literal with no fraction and no exponent that fits `Int64` is `.int`, every other number
/// is `.double`. A `.double` is always finite: the parser never produces anything else and the
/// writer traps on a non-finite one (a programmer error, not bad input).
public enum JSONValue: Equatable, Sendable {
    /// The literal `null`.
    case null
    /// The literal `true` or `false`.
    case bool(Bool)
    /// A number literal with no fraction and no exponent that fits `Int64`.
    case int(Int64)
    /// Any other number; always finite. The literal `-0` is `.double(-0.0)`, keeping its sign.
    case double(Double)
    /// A string, already unescaped.
    case string(String)
    /// An array, elements in source order.
    case array([JSONValue])
    /// An object, members in source order with unique keys.
    case object(JSONObject)
}
