import CShims
import KeyForgeCore

/// SVG to PNG through librsvg and cairo, loaded at run time (`kf_svg_to_png`), so the binary and the
/// distroless rootfs do not carry them; without them, PNG output fails with a clear error.
public enum PNGRasterizer {
    /// The Debian package that provides librsvg-2.so.2 (and pulls in libcairo2).
    public static let debianPackage = "librsvg2-2"
    /// The largest picture drawn, in pixels per side.
    public static let maxSide = 16_384

    /// Renders `svg` at `width` x `height` pixels and returns the PNG file's bytes.
    public static func png(fromSVG svg: String, width: Int, height: Int) throws(InputError) -> [UInt8] {
        guard (1...maxSide).contains(width) && (1...maxSide).contains(height) else {
            throw InputError(.invalid, source: "png", "a \(width) x \(height) picture is outside 1 ... \(maxSide) pixels per side")
        }
        let bytes = Array(svg.utf8)
        var output: UnsafeMutablePointer<UInt8>?
        var length = 0
        var message = [CChar](repeating: 0, count: 512)
        let status = bytes.withUnsafeBufferPointer { svgBytes in
            message.withUnsafeMutableBufferPointer { error in
                kf_svg_to_png(svgBytes.baseAddress, svgBytes.count, Int32(width), Int32(height), &output, &length,
                              error.baseAddress, error.count)
            }
        }
        let text = message.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        switch Int(status) {
        case Int(KF_RENDER_OK.rawValue):
            guard let output else { return [] }
            defer { kf_render_free(output) }
            return Array(UnsafeBufferPointer(start: output, count: length))
        case Int(KF_RENDER_LIBRARY_MISSING.rawValue):
            throw InputError(.unavailable, source: "png",
                             "PNG output needs librsvg and cairo at run time (\(text)); install the Debian package \(debianPackage) (apt-get install \(debianPackage)), or write SVG instead")
        default:
            throw InputError(.invalid, source: "png", text)
        }
    }
}
