/// How a job names its assets on the hive and the agents: by identifier, never by path.
///
/// A keyboard or rubric is a name of `[a-z0-9_-]`; a corpus is `kind/name`, both parts names. Nothing
/// else is resolved for a job, so a job config can neither probe nor read the files of the machine
/// that runs it (`/proc/self/environ`, `/dev/zero`); the local CLI keeps accepting paths.
package enum HiveAssetIdentifier {
    /// The longest name, 64 bytes: the shipped names are under 20, and a bound keeps error messages and
    /// job rows small.
    package static let maxNameBytes = 64

    /// True for a name: 1 to `maxNameBytes` bytes of `a-z`, `0-9`, `_` and `-`.
    package static func isName(_ text: String) -> Bool {
        let bytes = text.utf8
        return (1...maxNameBytes).contains(bytes.count) && bytes.allSatisfy { byte in
            (97...122).contains(byte) || (48...57).contains(byte) || byte == 95 || byte == 45
        }
    }

    /// True for a corpus id: `kind/name`, both parts names.
    package static func isCorpusID(_ text: String) -> Bool {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        return parts.count == 2 && parts.allSatisfy { isName(String($0)) }
    }

    /// Why `text` is not a name, for an error message (it does not echo the text: the caller names the field).
    package static let nameRule = "must be an asset identifier: 1 to \(maxNameBytes) characters of a-z, 0-9, _ and -, not a path"

    /// Why `text` is not a corpus id.
    package static let corpusIDRule = "must be a corpus identifier kind/name (each 1 to \(maxNameBytes) characters of a-z, 0-9, _ and -), not a path"
}
