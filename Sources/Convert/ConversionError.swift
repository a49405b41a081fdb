import Formats
import GraphIR

/// Why a model could not be moved between a format and GraphIR.
///
/// Thrown by importers, exporters and passes; it names the node (index, name, op) and the
/// attribute or input involved so that a user can find the spot in the source model. Tests compare
/// `code`, `nodeIndex` and `field`, never `message`.
public struct ConversionError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable, Equatable, CaseIterable {
        /// The op has no entry in the mapping table for this direction.
        case unsupportedOp = "unsupported-op"
        /// The op is mapped but this attribute (or attribute value) is not.
        case unsupportedAttribute = "unsupported-attribute"
        /// An attribute has the wrong kind or an out-of-range value.
        case invalidAttribute = "invalid-attribute"
        /// A required input is missing or names no value.
        case invalidInput = "invalid-input"
        /// The element type cannot be represented in the target format.
        case unsupportedDType = "unsupported-dtype"
        /// A shape is unknown or of the wrong rank where the target needs it.
        case invalidShape = "invalid-shape"
        /// The source model itself is malformed in a way decoding did not catch.
        case invalidModel = "invalid-model"
        /// A tensor's payload could not be read (e.g. external data).
        case data = "data"
    }

    public var code: Code
    /// The format being read or written.
    public var format: ModelFormat?
    /// The graph's name, when known.
    public var graph: String?
    /// The node's position in its graph's node list.
    public var nodeIndex: Int?
    /// The node's name (may be empty).
    public var nodeName: String?
    /// The op type as written in the source (e.g. `Conv2DFusion`, `Conv`).
    public var op: String?
    /// The attribute, input or field involved, e.g. `attribute.pads` or `input[1]`.
    public var field: String?
    public var message: String

    public init(
        _ code: Code, format: ModelFormat? = nil, graph: String? = nil, nodeIndex: Int? = nil,
        nodeName: String? = nil, op: String? = nil, field: String? = nil, message: String
    ) {
        self.code = code
        self.format = format
        self.graph = graph
        self.nodeIndex = nodeIndex
        self.nodeName = nodeName
        self.op = op
        self.field = field
        self.message = message
    }

    /// `graph:node[3](name:Op).field`, with the parts that are known.
    public var location: String {
        var parts = graph ?? ""
        if let nodeIndex {
            if !parts.isEmpty { parts += ":" }
            parts += "node[\(nodeIndex)]"
            if let op {
                let name = nodeName ?? ""
                parts += "(\(name.isEmpty ? "" : name + ":")\(op))"
            }
        }
        if let field { parts += parts.isEmpty ? field : ".\(field)" }
        return parts
    }

    public var description: String {
        let prefix = format.map { "\($0.rawValue): " } ?? ""
        let place = location
        return place.isEmpty ? "\(prefix)\(code.rawValue): \(message)" : "\(prefix)\(place): \(message)"
    }
}
