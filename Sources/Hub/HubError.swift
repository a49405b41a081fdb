/// Why a hub operation (listing, fetching an asset file, loading a model) could not be done.
///
/// Verification outcomes are errors here only where they stop a load: a hash mismatch means there is no
/// verified file to hand out. Rendered as `subject: message`.
public struct HubError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: String, Sendable, Equatable, CaseIterable {
        /// The id is not of the form `publisher/version/name` (or has empty, `.` or `..` parts).
        case badID
        /// The hub argument is neither an existing folder nor an http(s) URL.
        case badHub
        /// The hub has no asset file for the id, or a link answers 404.
        case notFound
        /// The asset file cannot be parsed, has no usable asset, or its link cannot be used.
        case badAsset
        /// A connection failed, timed out, or the server answered with an unexpected status.
        case network
        /// A local file or the cache could not be read or written.
        case io
        /// `--offline` and the cache does not hold what is needed.
        case offlineMiss
        /// The bytes do not hash to the declared SHA-256 (or its prefix). Nothing was cached.
        case hashMismatch
        /// The file is verified, but its real format is not the declared `file-format`.
        case formatMismatch
    }

    /// What went wrong.
    public var code: Code
    /// What it is about: an id, a URL or a path.
    public var subject: String
    /// Human-readable explanation.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ subject: String, _ message: String) {
        self.code = code
        self.subject = subject
        self.message = message
    }

    /// True for verification failures (the CLI exits 1 for these, 2 for the rest).
    public var isVerificationFailure: Bool { code == .hashMismatch || code == .formatMismatch }

    /// `subject: message`.
    public var description: String { "\(subject): \(message)" }
}
