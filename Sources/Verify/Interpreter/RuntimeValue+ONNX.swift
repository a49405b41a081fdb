import Formats
import GraphIR

extension RuntimeValue {
    /// The runtime value of a standalone ONNX value file (onnx test data).
    public init(_ value: ONNXStandaloneValue) throws(InterpreterError) {
        switch value {
        case .tensor(let t):
            guard let dtype = DType(rawValue: t.dataType.name) else {
                throw InterpreterError(.unsupported, "tensor '\(t.name)': \(t.dataType.name) has no GraphIR type")
            }
            let tensor: Tensor
            if let strings = t.strings {
                tensor = Tensor(name: t.name, shape: t.dims, strings: strings)
            } else {
                tensor = Tensor(name: t.name, dtype: dtype, shape: t.dims, bytes: TensorBytes(bytes: t.bytes ?? []))
            }
            self = .tensor(try NDArray(tensor))
        case .sequence(let items):
            var values: [RuntimeValue] = []
            for item in items { values.append(try RuntimeValue(item)) }
            self = .sequence(values, elementType: values.first?.tensor?.dtype)
        case .optional(let item):
            self = .optional(try item.map { v throws(InterpreterError) in try RuntimeValue(v) }, elementType: nil)
        }
    }

    /// Reads a value file, expecting what `type` declares.
    public static func read(path: String, type: ValueType) throws(InterpreterError) -> RuntimeValue {
        let kind: ONNXValueFile.Kind
        switch type.container {
        case .sequence: kind = .sequence
        case .optional: kind = .optional
        default: kind = .tensor
        }
        do {
            var value = try RuntimeValue(try ONNXValueFile.read(path: path, kind: kind))
            if case .sequence(let items, nil) = value { value = .sequence(items, elementType: type.dtype) }
            if case .optional(let item, nil) = value { value = .optional(item, elementType: type.dtype) }
            return value
        } catch let error as FormatError {
            throw InterpreterError(.invalidInput, "\(error)")
        } catch let error as InterpreterError {
            throw error
        } catch {
            throw InterpreterError(.invalidInput, "\(error)")
        }
    }
}
