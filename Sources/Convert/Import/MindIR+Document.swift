import Formats
import GraphIR

extension MindIRImporter {
    /// Lowers a decoded MindIR document: parameters are read through the document, so weights
    /// that are views of the file (or of split-save data files) stay views in GraphIR.
    /// - Throws: `ConversionError`; a parameter whose bytes cannot be read (bad external data) is a
    ///   `.data` error that carries the reader's file, offset and field path in its message.
    public static func importModel(_ document: MindIRDocument) throws(ConversionError) -> Model {
        let root = FieldPath([.field("ModelProto"), .field("graph")])
        return try importModel(document.model) { (tensor, index) throws(ConversionError) -> TensorBytes in
            do {
                return try document.payload(of: tensor, at: root.appending("parameter", index: index))
            } catch {
                throw ConversionError(
                    .data, format: .mindir, field: "graph.parameter[\(index)]", message: "\(error)")
            }
        }
    }
}
