/// An asset file that cannot be read as an asset file: where (file, line, field) and why.
///
/// Rendered as `file:LINE: field: message` (the field part is left out when there is none).
public struct AssetError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: String, Sendable, Equatable, CaseIterable {
        /// The file could not be read.
        case io
        /// No `---` line opens a YAML header.
        case missingHeader
        /// The header is opened by `---` but never closed.
        case unterminatedHeader
        /// The header is not valid YAML.
        case yamlSyntax
        /// The header is valid YAML but not a mapping of fields.
        case headerNotMapping
        /// A mapping key is not a plain scalar.
        case invalidKey
        /// A key appears twice in one mapping.
        case duplicateKey
        /// YAML aliases and anchors are not part of the asset format.
        case unsupportedYAML
    }

    /// What went wrong.
    public var code: Code
    /// The file (as given by the caller).
    public var file: String
    /// 1-based line in the file; 0 when unknown.
    public var line: Int
    /// The header field concerned, if any (`asset[1].asset-link`).
    public var field: String?
    /// Human-readable explanation.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, file: String, line: Int, field: String? = nil, message: String) {
        self.code = code
        self.file = file
        self.line = line
        self.field = field
        self.message = message
    }

    /// `file:LINE: field: message`.
    public var description: String {
        if let field { return "\(file):\(line): \(field): \(message)" }
        return "\(file):\(line): \(message)"
    }
}
