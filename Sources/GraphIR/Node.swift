/// One operation in a graph (ONNX `NodeProto`).
///
/// Ops use ONNX operator semantics in the default domain `""`; other formats' ops are mapped to
/// them by the converter's tables, or keep their own `domain`.
public struct Node: Sendable, Equatable {
    /// The node name; optional, so it may be empty and need not be unique.
    public var name: String
    /// The operator, e.g. `Conv`; must not be empty.
    public var op: String
    /// The operator set the op belongs to; `""` is the default (ONNX) domain.
    public var domain: String
    /// The value names read, in the op's input order. An empty string marks an optional input
    /// that is left out, as in ONNX.
    public var inputs: [String]
    /// The value names written, in the op's output order. An empty string marks an optional
    /// output that is not produced.
    public var outputs: [String]
    /// The attributes in source order; names are unique within the node.
    public var attributes: [Attribute]
    /// Free text carried from the source (ONNX `doc_string`).
    public var docString: String

    /// A node; name, domain and attributes default to empty.
    public init(
        name: String = "", op: String, domain: String = "", inputs: [String], outputs: [String],
        attributes: [Attribute] = [], docString: String = ""
    ) {
        self.name = name
        self.op = op
        self.domain = domain
        self.inputs = inputs
        self.outputs = outputs
        self.attributes = attributes
        self.docString = docString
    }

    /// The first attribute called `name`.
    public func attribute(named name: String) -> AttributeValue? {
        attributes.first { $0.name == name }?.value
    }

    /// Sets attribute `name`, replacing its value in place if present, appending it otherwise;
    /// `nil` removes it.
    public mutating func setAttribute(_ name: String, _ value: AttributeValue?) {
        let position = attributes.firstIndex { $0.name == name }
        switch (position, value) {
        case (let index?, let value?): attributes[index].value = value
        case (let index?, nil): attributes.remove(at: index)
        case (nil, let value?): attributes.append(Attribute(name: name, value: value))
        case (nil, nil): break
        }
    }
}
