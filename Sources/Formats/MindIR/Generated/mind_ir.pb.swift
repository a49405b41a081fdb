// Generated from Protos/mind_ir.proto by scripts/regenerate-protos; do not edit.


#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SwiftProtobuf

fileprivate nonisolated struct _GeneratedWithProtocGenSwiftVersion: SwiftProtobuf.ProtobufAPIVersionCheck {
  struct _2: SwiftProtobuf.ProtobufAPIVersion_2 {}
  typealias Version = _2
}

public nonisolated enum MindIr_Version: Int, SwiftProtobuf.Enum, Swift.CaseIterable {
  case irVersionStart = 0
  case irVersion = 1
  case irVersionWithPrimFunction = 2
  case irVersionWithScalarGraphHolder = 3

  public init() {
    self = .irVersionStart
  }

}

public nonisolated struct MindIr_AttributeProto: @unchecked Sendable {

  public var name: String {
    get {_storage._name ?? String()}
    set {_uniqueStorage()._name = newValue}
  }
  public var hasName: Bool {_storage._name != nil}
  public mutating func clearName() {_uniqueStorage()._name = nil}

  public var f: Float {
    get {_storage._f ?? 0}
    set {_uniqueStorage()._f = newValue}
  }
  public var hasF: Bool {_storage._f != nil}
  public mutating func clearF() {_uniqueStorage()._f = nil}

  public var i: Int64 {
    get {_storage._i ?? 0}
    set {_uniqueStorage()._i = newValue}
  }
  public var hasI: Bool {_storage._i != nil}
  public mutating func clearI() {_uniqueStorage()._i = nil}

  public var d: Double {
    get {_storage._d ?? 0}
    set {_uniqueStorage()._d = newValue}
  }
  public var hasD: Bool {_storage._d != nil}
  public mutating func clearD() {_uniqueStorage()._d = nil}

  public var s: Data {
    get {_storage._s ?? Data()}
    set {_uniqueStorage()._s = newValue}
  }
  public var hasS: Bool {_storage._s != nil}
  public mutating func clearS() {_uniqueStorage()._s = nil}

  public var t: MindIr_TensorProto {
    get {_storage._t ?? MindIr_TensorProto()}
    set {_uniqueStorage()._t = newValue}
  }
  public var hasT: Bool {_storage._t != nil}
  public mutating func clearT() {_uniqueStorage()._t = nil}

  public var g: MindIr_GraphProto {
    get {_storage._g ?? MindIr_GraphProto()}
    set {_uniqueStorage()._g = newValue}
  }
  public var hasG: Bool {_storage._g != nil}
  public mutating func clearG() {_uniqueStorage()._g = nil}

  public var floats: [Float] {
    get {_storage._floats}
    set {_uniqueStorage()._floats = newValue}
  }

  public var doubles: [Double] {
    get {_storage._doubles}
    set {_uniqueStorage()._doubles = newValue}
  }

  public var ints: [Int64] {
    get {_storage._ints}
    set {_uniqueStorage()._ints = newValue}
  }

  public var strings: [Data] {
    get {_storage._strings}
    set {_uniqueStorage()._strings = newValue}
  }

  public var tensors: [MindIr_TensorProto] {
    get {_storage._tensors}
    set {_uniqueStorage()._tensors = newValue}
  }

  public var graphs: [MindIr_GraphProto] {
    get {_storage._graphs}
    set {_uniqueStorage()._graphs = newValue}
  }

  public var docString: String {
    get {_storage._docString ?? String()}
    set {_uniqueStorage()._docString = newValue}
  }
  public var hasDocString: Bool {_storage._docString != nil}
  public mutating func clearDocString() {_uniqueStorage()._docString = nil}

  public var refAttrName: String {
    get {_storage._refAttrName ?? String()}
    set {_uniqueStorage()._refAttrName = newValue}
  }
  public var hasRefAttrName: Bool {_storage._refAttrName != nil}
  public mutating func clearRefAttrName() {_uniqueStorage()._refAttrName = nil}

  public var type: MindIr_AttributeProto.AttributeType {
    get {_storage._type ?? .undefined}
    set {_uniqueStorage()._type = newValue}
  }
  public var hasType: Bool {_storage._type != nil}
  public mutating func clearType() {_uniqueStorage()._type = nil}

  public var values: [MindIr_AttributeProto] {
    get {_storage._values}
    set {_uniqueStorage()._values = newValue}
  }

  public var seqInfo: MindIr_AttributeProto.SeqInfoProto {
    get {_storage._seqInfo ?? MindIr_AttributeProto.SeqInfoProto()}
    set {_uniqueStorage()._seqInfo = newValue}
  }
  public var hasSeqInfo: Bool {_storage._seqInfo != nil}
  public mutating func clearSeqInfo() {_uniqueStorage()._seqInfo = nil}

  public var functor: MindIr_FunctorProto {
    get {_storage._functor ?? MindIr_FunctorProto()}
    set {_uniqueStorage()._functor = newValue}
  }
  public var hasFunctor: Bool {_storage._functor != nil}
  public mutating func clearFunctor() {_uniqueStorage()._functor = nil}

  public var graphHolder: MindIr_ScalarGraphHolderProto {
    get {_storage._graphHolder ?? MindIr_ScalarGraphHolderProto()}
    set {_uniqueStorage()._graphHolder = newValue}
  }
  public var hasGraphHolder: Bool {_storage._graphHolder != nil}
  public mutating func clearGraphHolder() {_uniqueStorage()._graphHolder = nil}

  public var unknownFields = SwiftProtobuf.UnknownStorage()

  public nonisolated enum AttributeType: Int, SwiftProtobuf.Enum, Swift.CaseIterable {
    case undefined = 0
    case float = 1
    case uint8 = 2
    case int8 = 3
    case uint16 = 4
    case int16 = 5
    case int32 = 6
    case int64 = 7
    case string = 8
    case bool = 9
    case float16 = 10
    case double = 11
    case uint32 = 12
    case uint64 = 13
    case complex64 = 14
    case complex128 = 15
    case bfloat16 = 16
    case tensor = 17
    case graph = 18
    case tensors = 19
    case tuple = 20
    case list = 21
    case dict = 22
    case umonad = 23
    case iomonad = 24
    case none = 25
    case primitiveclosure = 26
    case funcgraphclosure = 27
    case partialclosure = 28
    case unionfuncclosure = 29
    case csrTensor = 30
    case cooTensor = 31
    case rowTensor = 32
    case classType = 33
    case nameSpace = 34
    case symbol = 35
    case typeNull = 36
    case mapTensor = 37
    case functor = 38
    case scalar = 39
    case scalarGraphHolder = 40

    public init() {
      self = .undefined
    }

  }

  public nonisolated struct SeqInfoProto: @unchecked Sendable {

    public var isDynLen: Bool {
      get {_storage._isDynLen ?? false}
      set {_uniqueStorage()._isDynLen = newValue}
    }
    public var hasIsDynLen: Bool {_storage._isDynLen != nil}
    public mutating func clearIsDynLen() {_uniqueStorage()._isDynLen = nil}

    public var tupleElemItem: MindIr_AttributeProto {
      get {_storage._tupleElemItem ?? MindIr_AttributeProto()}
      set {_uniqueStorage()._tupleElemItem = newValue}
    }
    public var hasTupleElemItem: Bool {_storage._tupleElemItem != nil}
    public mutating func clearTupleElemItem() {_uniqueStorage()._tupleElemItem = nil}

    public var unknownFields = SwiftProtobuf.UnknownStorage()

    public init() {}

    fileprivate var _storage = _StorageClass.defaultInstance
  }

  public init() {}

  fileprivate var _storage = _StorageClass.defaultInstance
}

public nonisolated struct MindIr_FunctorProto: Sendable {

  public var type: MindIr_FunctorProto.FunctorType {
    get {_type ?? .shapeCalcFunctor}
    set {_type = newValue}
  }
  public var hasType: Bool {self._type != nil}
  public mutating func clearType() {self._type = nil}

  public var name: String {
    get {_name ?? String()}
    set {_name = newValue}
  }
  public var hasName: Bool {self._name != nil}
  public mutating func clearName() {self._name = nil}

  public var values: [MindIr_AttributeProto] = []

  public var unknownFields = SwiftProtobuf.UnknownStorage()

  public nonisolated enum FunctorType: Int, SwiftProtobuf.Enum, Swift.CaseIterable {
    case shapeCalcFunctor = 1
    case anyFunctor = 2

    public init() {
      self = .shapeCalcFunctor
    }

  }

  public init() {}

  fileprivate var _type: MindIr_FunctorProto.FunctorType? = nil
  fileprivate var _name: String? = nil
}

public nonisolated struct MindIr_ValueInfoProto: Sendable {

  public var name: String {
    get {_name ?? String()}
    set {_name = newValue}
  }
  public var hasName: Bool {self._name != nil}
  public mutating func clearName() {self._name = nil}

  public var tensor: [MindIr_TensorProto] = []

  public var docString: String {
    get {_docString ?? String()}
    set {_docString = newValue}
  }
  public var hasDocString: Bool {self._docString != nil}
  public mutating func clearDocString() {self._docString = nil}

  public var denotation: String {
    get {_denotation ?? String()}
    set {_denotation = newValue}
  }
  public var hasDenotation: Bool {self._denotation != nil}
  public mutating func clearDenotation() {self._denotation = nil}

  public var attrInfo: MindIr_AttributeProto {
    get {_attrInfo ?? MindIr_AttributeProto()}
    set {_attrInfo = newValue}
  }
  public var hasAttrInfo: Bool {self._attrInfo != nil}
  public mutating func clearAttrInfo() {self._attrInfo = nil}

  public var unknownFields = SwiftProtobuf.UnknownStorage()

  public init() {}

  fileprivate var _name: String? = nil
  fileprivate var _docString: String? = nil
  fileprivate var _denotation: String? = nil
  fileprivate var _attrInfo: MindIr_AttributeProto? = nil
}

public nonisolated struct MindIr_NodeProto: Sendable {

  public var input: [String] = []

  public var output: [String] = []

  public var name: String {
    get {_name ?? String()}
    set {_name = newValue}
  }
  public var hasName: Bool {self._name != nil}
  public mutating func clearName() {self._name = nil}

  public var opType: String {
    get {_opType ?? String()}
    set {_opType = newValue}
  }
  public var hasOpType: Bool {self._opType != nil}
  public mutating func clearOpType() {self._opType = nil}

  public var attribute: [MindIr_AttributeProto] = []

  public var docString: String {
    get {_docString ?? String()}
    set {_docString = newValue}
  }
  public var hasDocString: Bool {self._docString != nil}
  public mutating func clearDocString() {self._docString = nil}

  public var domain: String {
    get {_domain ?? String()}
    set {_domain = newValue}
  }
  public var hasDomain: Bool {self._domain != nil}
  public mutating func clearDomain() {self._domain = nil}

  public var nodeAttr: [MindIr_AttributeProto] = []

  public var primalAttr: [MindIr_AttributeProto] = []

  public var unknownFields = SwiftProtobuf.UnknownStorage()

  public init() {}

  fileprivate var _name: String? = nil
  fileprivate var _opType: String? = nil
  fileprivate var _docString: String? = nil
  fileprivate var _domain: String? = nil
}

public nonisolated struct MindIr_ModelProto: @unchecked Sendable {

  public var irVersion: String {
    get {_storage._irVersion ?? String()}
    set {_uniqueStorage()._irVersion = newValue}
  }
  public var hasIrVersion: Bool {_storage._irVersion != nil}
  public mutating func clearIrVersion() {_uniqueStorage()._irVersion = nil}

  public var producerName: String {
    get {_storage._producerName ?? String()}
    set {_uniqueStorage()._producerName = newValue}
  }
  public var hasProducerName: Bool {_storage._producerName != nil}
  public mutating func clearProducerName() {_uniqueStorage()._producerName = nil}

  public var producerVersion: String {
    get {_storage._producerVersion ?? String()}
    set {_uniqueStorage()._producerVersion = newValue}
  }
  public var hasProducerVersion: Bool {_storage._producerVersion != nil}
  public mutating func clearProducerVersion() {_uniqueStorage()._producerVersion = nil}

  public var domain: String {
    get {_storage._domain ?? String()}
    set {_uniqueStorage()._domain = newValue}
  }
  public var hasDomain: Bool {_storage._domain != nil}
  public mutating func clearDomain() {_uniqueStorage()._domain = nil}

  public var modelVersion: String {
    get {_storage._modelVersion ?? String()}
    set {_uniqueStorage()._modelVersion = newValue}
  }
  public var hasModelVersion: Bool {_storage._modelVersion != nil}
  public mutating func clearModelVersion() {_uniqueStorage()._modelVersion = nil}

  public var docString: String {
    get {_storage._docString ?? String()}
    set {_uniqueStorage()._docString = newValue}
  }
  public var hasDocString: Bool {_storage._docString != nil}
  public mutating func clearDocString() {_uniqueStorage()._docString = nil}

  public var graph: MindIr_GraphProto {
    get {_storage._graph ?? MindIr_GraphProto()}
    set {_uniqueStorage()._graph = newValue}
  }
  public var hasGraph: Bool {_storage._graph != nil}
  public mutating func clearGraph() {_uniqueStorage()._graph = nil}

  public var functions: [MindIr_GraphProto] {
    get {_storage._functions}
    set {_uniqueStorage()._functions = newValue}
  }

  public var preprocessor: MindIr_PreprocessorProto {
    get {_storage._preprocessor ?? MindIr_PreprocessorProto()}
    set {_uniqueStorage()._preprocessor = newValue}
  }
  public var hasPreprocessor: Bool {_storage._preprocessor != nil}
  public mutating func clearPreprocessor() {_uniqueStorage()._preprocessor = nil}

  public var littleEndian: Bool {
    get {_storage._littleEndian ?? false}
    set {_uniqueStorage()._littleEndian = newValue}
  }
  public var hasLittleEndian: Bool {_storage._littleEndian != nil}
  public mutating func clearLittleEndian() {_uniqueStorage()._littleEndian = nil}

  public var parallel: MindIr_ParallelProto {
    get {_storage._parallel ?? MindIr_ParallelProto()}
    set {_uniqueStorage()._parallel = newValue}
  }
  public var hasParallel: Bool {_storage._parallel != nil}
  public mutating func clearParallel() {_uniqueStorage()._parallel = nil}

  public var primitives: [MindIr_PrimitiveProto] {
    get {_storage._primitives}
    set {_uniqueStorage()._primitives = newValue}
  }

  public var mindIrVersion: Int64 {
    get {_storage._mindIrVersion ?? 0}
    set {_uniqueStorage()._mindIrVersion = newValue}
  }
  public var hasMindIrVersion: Bool {_storage._mindIrVersion != nil}
  public mutating func clearMindIrVersion() {_uniqueStorage()._mindIrVersion = nil}

  public var userInfo: Dictionary<String,String> {
    get {_storage._userInfo}
    set {_uniqueStorage()._userInfo = newValue}
  }

  public var unknownFields = SwiftProtobuf.UnknownStorage()

  public init() {}

  fileprivate var _storage = _StorageClass.defaultInstance
}

public nonisolated struct MindIr_PreprocessorProto: Sendable {

  public var op: [MindIr_PreprocessOpProto] = []

  public var unknownFields = SwiftProtobuf.UnknownStorage()

  public init() {}
}

public nonisolated struct MindIr_PreprocessOpProto: Sendable {

  public var inputColumns: String {
    get {_inputColumns ?? String()}
    set {_inputColumns = newValue}
  }
  public var hasInputColumns: Bool {self._inputColumns != nil}
  public mutating func clearInputColumns() {self._inputColumns = nil}

  public var outputColumns: String {
    get {_outputColumns ?? String()}
    set {_outputColumns = newValue}
  }
  public var hasOutputColumns: Bool {self._outputColumns != nil}
  public mutating func clearOutputColumns() {self._outputColumns = nil}

  public var projectColumns: String {
    get {_projectColumns ?? String()}
    set {_projectColumns = newValue}
  }
  public var hasProjectColumns: Bool {self._projectColumns != nil}
  public mutating func clearProjectColumns() {self._projectColumns = nil}

  public var opType: String {
    get {_opType ?? String()}
    set {_opType = newValue}
  }
  public var hasOpType: Bool {self._opType != nil}
  public mutating func clearOpType() {self._opType = nil}

  public var operations: String {
    get {_operations ?? String()}
    set {_operations = newValue}
  }
  public var hasOperations: Bool {self._operations != nil}
  public mutating func clearOperations() {self._operations = nil}

  public var offload: Bool {
    get {_offload ?? false}
    set {_offload = newValue}
  }
  public var hasOffload: Bool {self._offload != nil}
  public mutating func clearOffload() {self._offload = nil}

  public var unknownFields = SwiftProtobuf.UnknownStorage()

  public init() {}

  fileprivate var _inputColumns: String? = nil
  fileprivate var _outputColumns: String? = nil
  fileprivate var _projectColumns: String? = nil
  fileprivate var _opType: String? = nil
  fileprivate var _operations: String? = nil
  fileprivate var _offload: Bool? = nil
}

public nonisolated struct MindIr_GraphProto: Sendable {

  public var node: [MindIr_NodeProto] = []

  public var name: String {
    get {_name ?? String()}
    set {_name = newValue}
  }
  public var hasName: Bool {self._name != nil}
  public mutating func clearName() {self._name = nil}

  public var parameter: [MindIr_TensorProto] = []

  public var docString: String {
    get {_docString ?? String()}
    set {_docString = newValue}
  }
  public var hasDocString: Bool {self._docString != nil}
  public mutating func clearDocString() {self._docString = nil}

  public var input: [MindIr_ValueInfoProto] = []

  public var output: [MindIr_ValueInfoProto] = []

  public var bpropHash: String {
    get {_bpropHash ?? String()}
    set {_bpropHash = newValue}
  }
  public var hasBpropHash: Bool {self._bpropHash != nil}
  public mutating func clearBpropHash() {self._bpropHash = nil}

  public var attribute: [MindIr_AttributeProto] = []

  public var bpropFilepath: String {
    get {_bpropFilepath ?? String()}
    set {_bpropFilepath = newValue}
  }
  public var hasBpropFilepath: Bool {self._bpropFilepath != nil}
  public mutating func clearBpropFilepath() {self._bpropFilepath = nil}

  public var mapParameter: [MindIr_MapTensorProto] = []

  public var unknownFields = SwiftProtobuf.UnknownStorage()

  public init() {}

  fileprivate var _name: String? = nil
  fileprivate var _docString: String? = nil
  fileprivate var _bpropHash: String? = nil
  fileprivate var _bpropFilepath: String? = nil
}

public nonisolated struct MindIr_TensorProto: @unchecked Sendable {

  public var dims: [Int64] {
    get {_storage._dims}
    set {_uniqueStorage()._dims = newValue}
  }

  public var dataType: Int32 {
    get {_storage._dataType ?? 0}
    set {_uniqueStorage()._dataType = newValue}
  }
  public var hasDataType: Bool {_storage._dataType != nil}
  public mutating func clearDataType() {_uniqueStorage()._dataType = nil}

  public var floatData: [Float] {
    get {_storage._floatData}
    set {_uniqueStorage()._floatData = newValue}
  }

  public var int32Data: [Int32] {
    get {_storage._int32Data}
    set {_uniqueStorage()._int32Data = newValue}
  }

  public var stringData: [Data] {
    get {_storage._stringData}
    set {_uniqueStorage()._stringData = newValue}
  }

  public var int64Data: [Int64] {
    get {_storage._int64Data}
    set {_uniqueStorage()._int64Data = newValue}
  }

  public var name: String {
    get {_storage._name ?? String()}
    set {_uniqueStorage()._name = newValue}
  }
  public var hasName: Bool {_storage._name != nil}
  public mutating func clearName() {_uniqueStorage()._name = nil}

  public var docString: String {
    get {_storage._docString ?? String()}
    set {_uniqueStorage()._docString = newValue}
  }
  public var hasDocString: Bool {_storage._docString != nil}
  public mutating func clearDocString() {_uniqueStorage()._docString = nil}

  public var rawData: Data {
    get {_storage._rawData ?? Data()}
    set {_uniqueStorage()._rawData = newValue}
  }
  public var hasRawData: Bool {_storage._rawData != nil}
  public mutating func clearRawData() {_uniqueStorage()._rawData = nil}

  public var doubleData: [Double] {
    get {_storage._doubleData}
    set {_uniqueStorage()._doubleData = newValue}
  }

  public var uint64Data: [UInt64] {
    get {_storage._uint64Data}
    set {_uniqueStorage()._uint64Data = newValue}
  }

  public var externalData: MindIr_TensorProto.ExternalDataProto {
    get {_storage._externalData ?? MindIr_TensorProto.ExternalDataProto()}
    set {_uniqueStorage()._externalData = newValue}
  }
  public var hasExternalData: Bool {_storage._externalData != nil}
  public mutating func clearExternalData() {_uniqueStorage()._externalData = nil}

  public var refKey: String {
    get {_storage._refKey ?? String()}
    set {_uniqueStorage()._refKey = newValue}
  }
  public var hasRefKey: Bool {_storage._refKey != nil}
  public mutating func clearRefKey() {_uniqueStorage()._refKey = nil}

  public var minDims: [Int64] {
    get {_storage._minDims}
    set {_uniqueStorage()._minDims = newValue}
  }

  public var maxDims: [Int64] {
    get {_storage._maxDims}
    set {_uniqueStorage()._maxDims = newValue}
  }

  public var compressionType: MindIr_TensorProto.CompressionType {
    get {_storage._compressionType ?? .noCompression}
    set {_uniqueStorage()._compressionType = newValue}
  }
  public var hasCompressionType: Bool {_storage._compressionType != nil}
  public mutating func clearCompressionType() {_uniqueStorage()._compressionType = nil}

  public var quantParams: [MindIr_TensorProto.QuantParamProto] {
    get {_storage._quantParams}
    set {_uniqueStorage()._quantParams = newValue}
  }

  public var unknownFields = SwiftProtobuf.UnknownStorage()

  public nonisolated enum DataType: Int, SwiftProtobuf.Enum, Swift.CaseIterable {
    case undefined = 0
    case float = 1
    case uint8 = 2
    case int8 = 3
    case uint16 = 4
    case int16 = 5
    case int32 = 6
    case int64 = 7
    case string = 8
    case bool = 9
    case float16 = 10
    case double = 11
    case uint32 = 12
    case uint64 = 13
    case complex64 = 14
    case complex128 = 15
    case bfloat16 = 16
    case float64 = 17
    case qint4X2 = 18

    public init() {
      self = .undefined
    }

  }

  public nonisolated enum CompressionType: Int, SwiftProtobuf.Enum, Swift.CaseIterable {
    case noCompression = 0
    case indexing = 1
    case sparse = 2
    case fse = 3
    case bitPacking = 4
    case fseInt = 5
    case fseInfer = 6

    public init() {
      self = .noCompression
    }

  }

  public nonisolated struct ExternalDataProto: Sendable {

    public var location: String {
      get {_location ?? String()}
      set {_location = newValue}
    }
    public var hasLocation: Bool {self._location != nil}
    public mutating func clearLocation() {self._location = nil}

    public var offset: Int64 {
      get {_offset ?? 0}
      set {_offset = newValue}
    }
    public var hasOffset: Bool {self._offset != nil}
    public mutating func clearOffset() {self._offset = nil}

    public var length: Int64 {
      get {_length ?? 0}
      set {_length = newValue}
    }
    public var hasLength: Bool {self._length != nil}
    public mutating func clearLength() {self._length = nil}

    public var unknownFields = SwiftProtobuf.UnknownStorage()

    public init() {}

    fileprivate var _location: String? = nil
    fileprivate var _offset: Int64? = nil
    fileprivate var _length: Int64? = nil
  }

  public nonisolated struct QuantParamProto: Sendable {

    public var quantAlgoName: String {
      get {_quantAlgoName ?? String()}
      set {_quantAlgoName = newValue}
    }
    public var hasQuantAlgoName: Bool {self._quantAlgoName != nil}
    public mutating func clearQuantAlgoName() {self._quantAlgoName = nil}

    public var attribute: [MindIr_AttributeProto] = []

    public var unknownFields = SwiftProtobuf.UnknownStorage()

    public init() {}

    fileprivate var _quantAlgoName: String? = nil
  }

  public init() {}

  fileprivate var _storage = _StorageClass.defaultInstance
}

public nonisolated struct MindIr_MapTensorProto: Sendable {

  public var name: String {
    get {_name ?? String()}
    set {_name = newValue}
  }
  public var hasName: Bool {self._name != nil}
  public mutating func clearName() {self._name = nil}

  public var defaultValue: MindIr_AttributeProto {
    get {_defaultValue ?? MindIr_AttributeProto()}
    set {_defaultValue = newValue}
  }
  public var hasDefaultValue: Bool {self._defaultValue != nil}
  public mutating func clearDefaultValue() {self._defaultValue = nil}

  public var keyTensor: MindIr_TensorProto {
    get {_keyTensor ?? MindIr_TensorProto()}
    set {_keyTensor = newValue}
  }
  public var hasKeyTensor: Bool {self._keyTensor != nil}
  public mutating func clearKeyTensor() {self._keyTensor = nil}

  public var valueTensor: MindIr_TensorProto {
    get {_valueTensor ?? MindIr_TensorProto()}
    set {_valueTensor = newValue}
  }
  public var hasValueTensor: Bool {self._valueTensor != nil}
  public mutating func clearValueTensor() {self._valueTensor = nil}

  public var statusTensor: MindIr_TensorProto {
    get {_statusTensor ?? MindIr_TensorProto()}
    set {_statusTensor = newValue}
  }
  public var hasStatusTensor: Bool {self._statusTensor != nil}
  public mutating func clearStatusTensor() {self._statusTensor = nil}

  public var unknownFields = SwiftProtobuf.UnknownStorage()

  public init() {}

  fileprivate var _name: String? = nil
  fileprivate var _defaultValue: MindIr_AttributeProto? = nil
  fileprivate var _keyTensor: MindIr_TensorProto? = nil
  fileprivate var _valueTensor: MindIr_TensorProto? = nil
  fileprivate var _statusTensor: MindIr_TensorProto? = nil
}

public nonisolated struct MindIr_ParallelProto: Sendable {

  public var layout: [MindIr_LayoutProto] = []

  public var unknownFields = SwiftProtobuf.UnknownStorage()

  public init() {}
}

public nonisolated struct MindIr_LayoutProto: Sendable {

  public var name: String {
    get {_name ?? String()}
    set {_name = newValue}
  }
  public var hasName: Bool {self._name != nil}
  public mutating func clearName() {self._name = nil}

  public var deviceArrangementInt: [Int64] = []

  public var tensorMapInt: [Int64] = []

  public var sliceShapeInt: [Int64] = []

  public var fieldSize: Int64 {
    get {_fieldSize ?? 0}
    set {_fieldSize = newValue}
  }
  public var hasFieldSize: Bool {self._fieldSize != nil}
  public mutating func clearFieldSize() {self._fieldSize = nil}

  public var uniformSplit: Bool {
    get {_uniformSplit ?? false}
    set {_uniformSplit = newValue}
  }
  public var hasUniformSplit: Bool {self._uniformSplit != nil}
  public mutating func clearUniformSplit() {self._uniformSplit = nil}

  public var optShardGroup: String {
    get {_optShardGroup ?? String()}
    set {_optShardGroup = newValue}
  }
  public var hasOptShardGroup: Bool {self._optShardGroup != nil}
  public mutating func clearOptShardGroup() {self._optShardGroup = nil}

  public var pipelineShared: Bool {
    get {_pipelineShared ?? false}
    set {_pipelineShared = newValue}
  }
  public var hasPipelineShared: Bool {self._pipelineShared != nil}
  public mutating func clearPipelineShared() {self._pipelineShared = nil}

  public var isSend: Bool {
    get {_isSend ?? false}
    set {_isSend = newValue}
  }
  public var hasIsSend: Bool {self._isSend != nil}
  public mutating func clearIsSend() {self._isSend = nil}

  public var peerRank: Int64 {
    get {_peerRank ?? 0}
    set {_peerRank = newValue}
  }
  public var hasPeerRank: Bool {self._peerRank != nil}
  public mutating func clearPeerRank() {self._peerRank = nil}

  public var srTag: Int64 {
    get {_srTag ?? 0}
    set {_srTag = newValue}
  }
  public var hasSrTag: Bool {self._srTag != nil}
  public mutating func clearSrTag() {self._srTag = nil}

  public var optShardSliceShapeInt: [Int64] = []

  public var unknownFields = SwiftProtobuf.UnknownStorage()

  public init() {}

  fileprivate var _name: String? = nil
  fileprivate var _fieldSize: Int64? = nil
  fileprivate var _uniformSplit: Bool? = nil
  fileprivate var _optShardGroup: String? = nil
  fileprivate var _pipelineShared: Bool? = nil
  fileprivate var _isSend: Bool? = nil
  fileprivate var _peerRank: Int64? = nil
  fileprivate var _srTag: Int64? = nil
}

public nonisolated struct MindIr_PrimitiveProto: Sendable {

  public var name: String {
    get {_name ?? String()}
    set {_name = newValue}
  }
  public var hasName: Bool {self._name != nil}
  public mutating func clearName() {self._name = nil}

  public var opType: String {
    get {_opType ?? String()}
    set {_opType = newValue}
  }
  public var hasOpType: Bool {self._opType != nil}
  public mutating func clearOpType() {self._opType = nil}

  public var attribute: [MindIr_AttributeProto] = []

  public var instanceName: String {
    get {_instanceName ?? String()}
    set {_instanceName = newValue}
  }
  public var hasInstanceName: Bool {self._instanceName != nil}
  public mutating func clearInstanceName() {self._instanceName = nil}

  public var primType: MindIr_PrimitiveProto.PrimType {
    get {_primType ?? .primitive}
    set {_primType = newValue}
  }
  public var hasPrimType: Bool {self._primType != nil}
  public mutating func clearPrimType() {self._primType = nil}

  public var unknownFields = SwiftProtobuf.UnknownStorage()

  public nonisolated enum PrimType: Int, SwiftProtobuf.Enum, Swift.CaseIterable {
    case primitive = 1
    case primitiveFunction = 2

    public init() {
      self = .primitive
    }

  }

  public init() {}

  fileprivate var _name: String? = nil
  fileprivate var _opType: String? = nil
  fileprivate var _instanceName: String? = nil
  fileprivate var _primType: MindIr_PrimitiveProto.PrimType? = nil
}

public nonisolated struct MindIr_ScalarNodeProto: Sendable {

  public var scalarOpType: Int64 {
    get {_scalarOpType ?? 0}
    set {_scalarOpType = newValue}
  }
  public var hasScalarOpType: Bool {self._scalarOpType != nil}
  public mutating func clearScalarOpType() {self._scalarOpType = nil}

  public var inIndex: [Int64] = []

  public var value: [Int64] = []

  public var unknownFields = SwiftProtobuf.UnknownStorage()

  public init() {}

  fileprivate var _scalarOpType: Int64? = nil
}

public nonisolated struct MindIr_ScalarGraphHolderProto: Sendable {

  public var scalarNode: [MindIr_ScalarNodeProto] = []

  public var inputShapeIndex: [UInt64] = []

  public var unknownFields = SwiftProtobuf.UnknownStorage()

  public init() {}
}

fileprivate nonisolated let _protobuf_package = "mind_ir"

nonisolated extension MindIr_Version: SwiftProtobuf._ProtoNameProviding {
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{2}\0IR_VERSION_START\0\u{1}IR_VERSION\0\u{1}IR_VERSION_WITH_PRIM_FUNCTION\0\u{1}IR_VERSION_WITH_SCALAR_GRAPH_HOLDER\0")
}

nonisolated extension MindIr_AttributeProto: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = _protobuf_package + ".AttributeProto"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{1}name\0\u{1}f\0\u{1}i\0\u{1}d\0\u{1}s\0\u{1}t\0\u{1}g\0\u{1}floats\0\u{1}doubles\0\u{1}ints\0\u{1}strings\0\u{1}tensors\0\u{1}graphs\0\u{3}doc_string\0\u{3}ref_attr_name\0\u{1}type\0\u{1}values\0\u{3}seq_info\0\u{1}functor\0\u{3}graph_holder\0")

  fileprivate class _StorageClass {
    var _name: String? = nil
    var _f: Float? = nil
    var _i: Int64? = nil
    var _d: Double? = nil
    var _s: Data? = nil
    var _t: MindIr_TensorProto? = nil
    var _g: MindIr_GraphProto? = nil
    var _floats: [Float] = []
    var _doubles: [Double] = []
    var _ints: [Int64] = []
    var _strings: [Data] = []
    var _tensors: [MindIr_TensorProto] = []
    var _graphs: [MindIr_GraphProto] = []
    var _docString: String? = nil
    var _refAttrName: String? = nil
    var _type: MindIr_AttributeProto.AttributeType? = nil
    var _values: [MindIr_AttributeProto] = []
    var _seqInfo: MindIr_AttributeProto.SeqInfoProto? = nil
    var _functor: MindIr_FunctorProto? = nil
    var _graphHolder: MindIr_ScalarGraphHolderProto? = nil

      static nonisolated(unsafe) let defaultInstance = _StorageClass()

    private init() {}

    init(copying source: _StorageClass) {
      _name = source._name
      _f = source._f
      _i = source._i
      _d = source._d
      _s = source._s
      _t = source._t
      _g = source._g
      _floats = source._floats
      _doubles = source._doubles
      _ints = source._ints
      _strings = source._strings
      _tensors = source._tensors
      _graphs = source._graphs
      _docString = source._docString
      _refAttrName = source._refAttrName
      _type = source._type
      _values = source._values
      _seqInfo = source._seqInfo
      _functor = source._functor
      _graphHolder = source._graphHolder
    }
  }

  fileprivate mutating func _uniqueStorage() -> _StorageClass {
    if !isKnownUniquelyReferenced(&_storage) {
      _storage = _StorageClass(copying: _storage)
    }
    return _storage
  }

  public var isInitialized: Bool {
    return withExtendedLifetime(_storage) { (_storage: _StorageClass) in
      if let v = _storage._t, !v.isInitialized {return false}
      if let v = _storage._g, !v.isInitialized {return false}
      if !SwiftProtobuf.Internal.areAllInitialized(_storage._tensors) {return false}
      if !SwiftProtobuf.Internal.areAllInitialized(_storage._graphs) {return false}
      if !SwiftProtobuf.Internal.areAllInitialized(_storage._values) {return false}
      if let v = _storage._seqInfo, !v.isInitialized {return false}
      if let v = _storage._functor, !v.isInitialized {return false}
      return true
    }
  }

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    _ = _uniqueStorage()
    try withExtendedLifetime(_storage) { (_storage: _StorageClass) in
      while let fieldNumber = try decoder.nextFieldNumber() {
        switch fieldNumber {
        case 1: try { try decoder.decodeSingularStringField(value: &_storage._name) }()
        case 2: try { try decoder.decodeSingularFloatField(value: &_storage._f) }()
        case 3: try { try decoder.decodeSingularInt64Field(value: &_storage._i) }()
        case 4: try { try decoder.decodeSingularDoubleField(value: &_storage._d) }()
        case 5: try { try decoder.decodeSingularBytesField(value: &_storage._s) }()
        case 6: try { try decoder.decodeSingularMessageField(value: &_storage._t) }()
        case 7: try { try decoder.decodeSingularMessageField(value: &_storage._g) }()
        case 8: try { try decoder.decodeRepeatedFloatField(value: &_storage._floats) }()
        case 9: try { try decoder.decodeRepeatedDoubleField(value: &_storage._doubles) }()
        case 10: try { try decoder.decodeRepeatedInt64Field(value: &_storage._ints) }()
        case 11: try { try decoder.decodeRepeatedBytesField(value: &_storage._strings) }()
        case 12: try { try decoder.decodeRepeatedMessageField(value: &_storage._tensors) }()
        case 13: try { try decoder.decodeRepeatedMessageField(value: &_storage._graphs) }()
        case 14: try { try decoder.decodeSingularStringField(value: &_storage._docString) }()
        case 15: try { try decoder.decodeSingularStringField(value: &_storage._refAttrName) }()
        case 16: try { try decoder.decodeSingularEnumField(value: &_storage._type) }()
        case 17: try { try decoder.decodeRepeatedMessageField(value: &_storage._values) }()
        case 18: try { try decoder.decodeSingularMessageField(value: &_storage._seqInfo) }()
        case 19: try { try decoder.decodeSingularMessageField(value: &_storage._functor) }()
        case 20: try { try decoder.decodeSingularMessageField(value: &_storage._graphHolder) }()
        default: break
        }
      }
    }
  }

  public func traverse<V: SwiftProtobuf.Visitor>(visitor: inout V) throws {
    try withExtendedLifetime(_storage) { (_storage: _StorageClass) in
      try { if let v = _storage._name {
        try visitor.visitSingularStringField(value: v, fieldNumber: 1)
      } }()
      try { if let v = _storage._f {
        try visitor.visitSingularFloatField(value: v, fieldNumber: 2)
      } }()
      try { if let v = _storage._i {
        try visitor.visitSingularInt64Field(value: v, fieldNumber: 3)
      } }()
      try { if let v = _storage._d {
        try visitor.visitSingularDoubleField(value: v, fieldNumber: 4)
      } }()
      try { if let v = _storage._s {
        try visitor.visitSingularBytesField(value: v, fieldNumber: 5)
      } }()
      try { if let v = _storage._t {
        try visitor.visitSingularMessageField(value: v, fieldNumber: 6)
      } }()
      try { if let v = _storage._g {
        try visitor.visitSingularMessageField(value: v, fieldNumber: 7)
      } }()
      if !_storage._floats.isEmpty {
        try visitor.visitRepeatedFloatField(value: _storage._floats, fieldNumber: 8)
      }
      if !_storage._doubles.isEmpty {
        try visitor.visitRepeatedDoubleField(value: _storage._doubles, fieldNumber: 9)
      }
      if !_storage._ints.isEmpty {
        try visitor.visitRepeatedInt64Field(value: _storage._ints, fieldNumber: 10)
      }
      if !_storage._strings.isEmpty {
        try visitor.visitRepeatedBytesField(value: _storage._strings, fieldNumber: 11)
      }
      if !_storage._tensors.isEmpty {
        try visitor.visitRepeatedMessageField(value: _storage._tensors, fieldNumber: 12)
      }
      if !_storage._graphs.isEmpty {
        try visitor.visitRepeatedMessageField(value: _storage._graphs, fieldNumber: 13)
      }
      try { if let v = _storage._docString {
        try visitor.visitSingularStringField(value: v, fieldNumber: 14)
      } }()
      try { if let v = _storage._refAttrName {
        try visitor.visitSingularStringField(value: v, fieldNumber: 15)
      } }()
      try { if let v = _storage._type {
        try visitor.visitSingularEnumField(value: v, fieldNumber: 16)
      } }()
      if !_storage._values.isEmpty {
        try visitor.visitRepeatedMessageField(value: _storage._values, fieldNumber: 17)
      }
      try { if let v = _storage._seqInfo {
        try visitor.visitSingularMessageField(value: v, fieldNumber: 18)
      } }()
      try { if let v = _storage._functor {
        try visitor.visitSingularMessageField(value: v, fieldNumber: 19)
      } }()
      try { if let v = _storage._graphHolder {
        try visitor.visitSingularMessageField(value: v, fieldNumber: 20)
      } }()
    }
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: MindIr_AttributeProto, rhs: MindIr_AttributeProto) -> Bool {
    if lhs._storage !== rhs._storage {
      let storagesAreEqual: Bool = withExtendedLifetime((lhs._storage, rhs._storage)) { (_args: (_StorageClass, _StorageClass)) in
        let _storage = _args.0
        let rhs_storage = _args.1
        if _storage._name != rhs_storage._name {return false}
        if _storage._f != rhs_storage._f {return false}
        if _storage._i != rhs_storage._i {return false}
        if _storage._d != rhs_storage._d {return false}
        if _storage._s != rhs_storage._s {return false}
        if _storage._t != rhs_storage._t {return false}
        if _storage._g != rhs_storage._g {return false}
        if _storage._floats != rhs_storage._floats {return false}
        if _storage._doubles != rhs_storage._doubles {return false}
        if _storage._ints != rhs_storage._ints {return false}
        if _storage._strings != rhs_storage._strings {return false}
        if _storage._tensors != rhs_storage._tensors {return false}
        if _storage._graphs != rhs_storage._graphs {return false}
        if _storage._docString != rhs_storage._docString {return false}
        if _storage._refAttrName != rhs_storage._refAttrName {return false}
        if _storage._type != rhs_storage._type {return false}
        if _storage._values != rhs_storage._values {return false}
        if _storage._seqInfo != rhs_storage._seqInfo {return false}
        if _storage._functor != rhs_storage._functor {return false}
        if _storage._graphHolder != rhs_storage._graphHolder {return false}
        return true
      }
      if !storagesAreEqual {return false}
    }
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}

nonisolated extension MindIr_AttributeProto.AttributeType: SwiftProtobuf._ProtoNameProviding {
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{2}\0UNDEFINED\0\u{1}FLOAT\0\u{1}UINT8\0\u{1}INT8\0\u{1}UINT16\0\u{1}INT16\0\u{1}INT32\0\u{1}INT64\0\u{1}STRING\0\u{1}BOOL\0\u{1}FLOAT16\0\u{1}DOUBLE\0\u{1}UINT32\0\u{1}UINT64\0\u{1}COMPLEX64\0\u{1}COMPLEX128\0\u{1}BFLOAT16\0\u{1}TENSOR\0\u{1}GRAPH\0\u{1}TENSORS\0\u{1}TUPLE\0\u{1}LIST\0\u{1}DICT\0\u{1}UMONAD\0\u{1}IOMONAD\0\u{1}NONE\0\u{1}PRIMITIVECLOSURE\0\u{1}FUNCGRAPHCLOSURE\0\u{1}PARTIALCLOSURE\0\u{1}UNIONFUNCCLOSURE\0\u{1}CSR_TENSOR\0\u{1}COO_TENSOR\0\u{1}ROW_TENSOR\0\u{1}CLASS_TYPE\0\u{1}NAME_SPACE\0\u{1}SYMBOL\0\u{1}TYPE_NULL\0\u{1}MAP_TENSOR\0\u{1}FUNCTOR\0\u{1}SCALAR\0\u{1}SCALAR_GRAPH_HOLDER\0")
}

nonisolated extension MindIr_AttributeProto.SeqInfoProto: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = MindIr_AttributeProto.protoMessageName + ".SeqInfoProto"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{3}is_dyn_len\0\u{3}tuple_elem_item\0")

  fileprivate class _StorageClass {
    var _isDynLen: Bool? = nil
    var _tupleElemItem: MindIr_AttributeProto? = nil

      static nonisolated(unsafe) let defaultInstance = _StorageClass()

    private init() {}

    init(copying source: _StorageClass) {
      _isDynLen = source._isDynLen
      _tupleElemItem = source._tupleElemItem
    }
  }

  fileprivate mutating func _uniqueStorage() -> _StorageClass {
    if !isKnownUniquelyReferenced(&_storage) {
      _storage = _StorageClass(copying: _storage)
    }
    return _storage
  }

  public var isInitialized: Bool {
    return withExtendedLifetime(_storage) { (_storage: _StorageClass) in
      if let v = _storage._tupleElemItem, !v.isInitialized {return false}
      return true
    }
  }

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    _ = _uniqueStorage()
    try withExtendedLifetime(_storage) { (_storage: _StorageClass) in
      while let fieldNumber = try decoder.nextFieldNumber() {
        switch fieldNumber {
        case 1: try { try decoder.decodeSingularBoolField(value: &_storage._isDynLen) }()
        case 2: try { try decoder.decodeSingularMessageField(value: &_storage._tupleElemItem) }()
        default: break
        }
      }
    }
  }

  public func traverse<V: SwiftProtobuf.Visitor>(visitor: inout V) throws {
    try withExtendedLifetime(_storage) { (_storage: _StorageClass) in
      try { if let v = _storage._isDynLen {
        try visitor.visitSingularBoolField(value: v, fieldNumber: 1)
      } }()
      try { if let v = _storage._tupleElemItem {
        try visitor.visitSingularMessageField(value: v, fieldNumber: 2)
      } }()
    }
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: MindIr_AttributeProto.SeqInfoProto, rhs: MindIr_AttributeProto.SeqInfoProto) -> Bool {
    if lhs._storage !== rhs._storage {
      let storagesAreEqual: Bool = withExtendedLifetime((lhs._storage, rhs._storage)) { (_args: (_StorageClass, _StorageClass)) in
        let _storage = _args.0
        let rhs_storage = _args.1
        if _storage._isDynLen != rhs_storage._isDynLen {return false}
        if _storage._tupleElemItem != rhs_storage._tupleElemItem {return false}
        return true
      }
      if !storagesAreEqual {return false}
    }
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}

nonisolated extension MindIr_FunctorProto: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = _protobuf_package + ".FunctorProto"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{1}type\0\u{1}name\0\u{1}values\0")

  public var isInitialized: Bool {
    if !SwiftProtobuf.Internal.areAllInitialized(self.values) {return false}
    return true
  }

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    while let fieldNumber = try decoder.nextFieldNumber() {
      switch fieldNumber {
      case 1: try { try decoder.decodeSingularEnumField(value: &self._type) }()
      case 2: try { try decoder.decodeSingularStringField(value: &self._name) }()
      case 3: try { try decoder.decodeRepeatedMessageField(value: &self.values) }()
      default: break
      }
    }
  }

  public func traverse<V: SwiftProtobuf.Visitor>(visitor: inout V) throws {
    try { if let v = self._type {
      try visitor.visitSingularEnumField(value: v, fieldNumber: 1)
    } }()
    try { if let v = self._name {
      try visitor.visitSingularStringField(value: v, fieldNumber: 2)
    } }()
    if !self.values.isEmpty {
      try visitor.visitRepeatedMessageField(value: self.values, fieldNumber: 3)
    }
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: MindIr_FunctorProto, rhs: MindIr_FunctorProto) -> Bool {
    if lhs._type != rhs._type {return false}
    if lhs._name != rhs._name {return false}
    if lhs.values != rhs.values {return false}
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}

nonisolated extension MindIr_FunctorProto.FunctorType: SwiftProtobuf._ProtoNameProviding {
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{1}SHAPE_CALC_FUNCTOR\0\u{1}ANY_FUNCTOR\0")
}

nonisolated extension MindIr_ValueInfoProto: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = _protobuf_package + ".ValueInfoProto"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{1}name\0\u{1}tensor\0\u{3}doc_string\0\u{1}denotation\0\u{3}attr_info\0")

  public var isInitialized: Bool {
    if !SwiftProtobuf.Internal.areAllInitialized(self.tensor) {return false}
    if let v = self._attrInfo, !v.isInitialized {return false}
    return true
  }

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    while let fieldNumber = try decoder.nextFieldNumber() {
      switch fieldNumber {
      case 1: try { try decoder.decodeSingularStringField(value: &self._name) }()
      case 2: try { try decoder.decodeRepeatedMessageField(value: &self.tensor) }()
      case 3: try { try decoder.decodeSingularStringField(value: &self._docString) }()
      case 4: try { try decoder.decodeSingularStringField(value: &self._denotation) }()
      case 5: try { try decoder.decodeSingularMessageField(value: &self._attrInfo) }()
      default: break
      }
    }
  }

  public func traverse<V: SwiftProtobuf.Visitor>(visitor: inout V) throws {
    try { if let v = self._name {
      try visitor.visitSingularStringField(value: v, fieldNumber: 1)
    } }()
    if !self.tensor.isEmpty {
      try visitor.visitRepeatedMessageField(value: self.tensor, fieldNumber: 2)
    }
    try { if let v = self._docString {
      try visitor.visitSingularStringField(value: v, fieldNumber: 3)
    } }()
    try { if let v = self._denotation {
      try visitor.visitSingularStringField(value: v, fieldNumber: 4)
    } }()
    try { if let v = self._attrInfo {
      try visitor.visitSingularMessageField(value: v, fieldNumber: 5)
    } }()
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: MindIr_ValueInfoProto, rhs: MindIr_ValueInfoProto) -> Bool {
    if lhs._name != rhs._name {return false}
    if lhs.tensor != rhs.tensor {return false}
    if lhs._docString != rhs._docString {return false}
    if lhs._denotation != rhs._denotation {return false}
    if lhs._attrInfo != rhs._attrInfo {return false}
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}

nonisolated extension MindIr_NodeProto: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = _protobuf_package + ".NodeProto"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{1}input\0\u{1}output\0\u{1}name\0\u{3}op_type\0\u{1}attribute\0\u{3}doc_string\0\u{1}domain\0\u{3}node_attr\0\u{3}primal_attr\0")

  public var isInitialized: Bool {
    if !SwiftProtobuf.Internal.areAllInitialized(self.attribute) {return false}
    if !SwiftProtobuf.Internal.areAllInitialized(self.nodeAttr) {return false}
    if !SwiftProtobuf.Internal.areAllInitialized(self.primalAttr) {return false}
    return true
  }

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    while let fieldNumber = try decoder.nextFieldNumber() {
      switch fieldNumber {
      case 1: try { try decoder.decodeRepeatedStringField(value: &self.input) }()
      case 2: try { try decoder.decodeRepeatedStringField(value: &self.output) }()
      case 3: try { try decoder.decodeSingularStringField(value: &self._name) }()
      case 4: try { try decoder.decodeSingularStringField(value: &self._opType) }()
      case 5: try { try decoder.decodeRepeatedMessageField(value: &self.attribute) }()
      case 6: try { try decoder.decodeSingularStringField(value: &self._docString) }()
      case 7: try { try decoder.decodeSingularStringField(value: &self._domain) }()
      case 8: try { try decoder.decodeRepeatedMessageField(value: &self.nodeAttr) }()
      case 9: try { try decoder.decodeRepeatedMessageField(value: &self.primalAttr) }()
      default: break
      }
    }
  }

  public func traverse<V: SwiftProtobuf.Visitor>(visitor: inout V) throws {
    if !self.input.isEmpty {
      try visitor.visitRepeatedStringField(value: self.input, fieldNumber: 1)
    }
    if !self.output.isEmpty {
      try visitor.visitRepeatedStringField(value: self.output, fieldNumber: 2)
    }
    try { if let v = self._name {
      try visitor.visitSingularStringField(value: v, fieldNumber: 3)
    } }()
    try { if let v = self._opType {
      try visitor.visitSingularStringField(value: v, fieldNumber: 4)
    } }()
    if !self.attribute.isEmpty {
      try visitor.visitRepeatedMessageField(value: self.attribute, fieldNumber: 5)
    }
    try { if let v = self._docString {
      try visitor.visitSingularStringField(value: v, fieldNumber: 6)
    } }()
    try { if let v = self._domain {
      try visitor.visitSingularStringField(value: v, fieldNumber: 7)
    } }()
    if !self.nodeAttr.isEmpty {
      try visitor.visitRepeatedMessageField(value: self.nodeAttr, fieldNumber: 8)
    }
    if !self.primalAttr.isEmpty {
      try visitor.visitRepeatedMessageField(value: self.primalAttr, fieldNumber: 9)
    }
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: MindIr_NodeProto, rhs: MindIr_NodeProto) -> Bool {
    if lhs.input != rhs.input {return false}
    if lhs.output != rhs.output {return false}
    if lhs._name != rhs._name {return false}
    if lhs._opType != rhs._opType {return false}
    if lhs.attribute != rhs.attribute {return false}
    if lhs._docString != rhs._docString {return false}
    if lhs._domain != rhs._domain {return false}
    if lhs.nodeAttr != rhs.nodeAttr {return false}
    if lhs.primalAttr != rhs.primalAttr {return false}
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}

nonisolated extension MindIr_ModelProto: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = _protobuf_package + ".ModelProto"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{3}ir_version\0\u{3}producer_name\0\u{3}producer_version\0\u{1}domain\0\u{3}model_version\0\u{3}doc_string\0\u{1}graph\0\u{1}functions\0\u{1}preprocessor\0\u{3}little_endian\0\u{1}parallel\0\u{1}primitives\0\u{3}mind_ir_version\0\u{3}user_info\0")

  fileprivate class _StorageClass {
    var _irVersion: String? = nil
    var _producerName: String? = nil
    var _producerVersion: String? = nil
    var _domain: String? = nil
    var _modelVersion: String? = nil
    var _docString: String? = nil
    var _graph: MindIr_GraphProto? = nil
    var _functions: [MindIr_GraphProto] = []
    var _preprocessor: MindIr_PreprocessorProto? = nil
    var _littleEndian: Bool? = nil
    var _parallel: MindIr_ParallelProto? = nil
    var _primitives: [MindIr_PrimitiveProto] = []
    var _mindIrVersion: Int64? = nil
    var _userInfo: Dictionary<String,String> = [:]

      static nonisolated(unsafe) let defaultInstance = _StorageClass()

    private init() {}

    init(copying source: _StorageClass) {
      _irVersion = source._irVersion
      _producerName = source._producerName
      _producerVersion = source._producerVersion
      _domain = source._domain
      _modelVersion = source._modelVersion
      _docString = source._docString
      _graph = source._graph
      _functions = source._functions
      _preprocessor = source._preprocessor
      _littleEndian = source._littleEndian
      _parallel = source._parallel
      _primitives = source._primitives
      _mindIrVersion = source._mindIrVersion
      _userInfo = source._userInfo
    }
  }

  fileprivate mutating func _uniqueStorage() -> _StorageClass {
    if !isKnownUniquelyReferenced(&_storage) {
      _storage = _StorageClass(copying: _storage)
    }
    return _storage
  }

  public var isInitialized: Bool {
    return withExtendedLifetime(_storage) { (_storage: _StorageClass) in
      if let v = _storage._graph, !v.isInitialized {return false}
      if !SwiftProtobuf.Internal.areAllInitialized(_storage._functions) {return false}
      if !SwiftProtobuf.Internal.areAllInitialized(_storage._primitives) {return false}
      return true
    }
  }

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    _ = _uniqueStorage()
    try withExtendedLifetime(_storage) { (_storage: _StorageClass) in
      while let fieldNumber = try decoder.nextFieldNumber() {
        switch fieldNumber {
        case 1: try { try decoder.decodeSingularStringField(value: &_storage._irVersion) }()
        case 2: try { try decoder.decodeSingularStringField(value: &_storage._producerName) }()
        case 3: try { try decoder.decodeSingularStringField(value: &_storage._producerVersion) }()
        case 4: try { try decoder.decodeSingularStringField(value: &_storage._domain) }()
        case 5: try { try decoder.decodeSingularStringField(value: &_storage._modelVersion) }()
        case 6: try { try decoder.decodeSingularStringField(value: &_storage._docString) }()
        case 7: try { try decoder.decodeSingularMessageField(value: &_storage._graph) }()
        case 8: try { try decoder.decodeRepeatedMessageField(value: &_storage._functions) }()
        case 9: try { try decoder.decodeSingularMessageField(value: &_storage._preprocessor) }()
        case 10: try { try decoder.decodeSingularBoolField(value: &_storage._littleEndian) }()
        case 11: try { try decoder.decodeSingularMessageField(value: &_storage._parallel) }()
        case 12: try { try decoder.decodeRepeatedMessageField(value: &_storage._primitives) }()
        case 13: try { try decoder.decodeSingularInt64Field(value: &_storage._mindIrVersion) }()
        case 14: try { try decoder.decodeMapField(fieldType: SwiftProtobuf._ProtobufMap<SwiftProtobuf.ProtobufString,SwiftProtobuf.ProtobufString>.self, value: &_storage._userInfo) }()
        default: break
        }
      }
    }
  }

  public func traverse<V: SwiftProtobuf.Visitor>(visitor: inout V) throws {
    try withExtendedLifetime(_storage) { (_storage: _StorageClass) in
      try { if let v = _storage._irVersion {
        try visitor.visitSingularStringField(value: v, fieldNumber: 1)
      } }()
      try { if let v = _storage._producerName {
        try visitor.visitSingularStringField(value: v, fieldNumber: 2)
      } }()
      try { if let v = _storage._producerVersion {
        try visitor.visitSingularStringField(value: v, fieldNumber: 3)
      } }()
      try { if let v = _storage._domain {
        try visitor.visitSingularStringField(value: v, fieldNumber: 4)
      } }()
      try { if let v = _storage._modelVersion {
        try visitor.visitSingularStringField(value: v, fieldNumber: 5)
      } }()
      try { if let v = _storage._docString {
        try visitor.visitSingularStringField(value: v, fieldNumber: 6)
      } }()
      try { if let v = _storage._graph {
        try visitor.visitSingularMessageField(value: v, fieldNumber: 7)
      } }()
      if !_storage._functions.isEmpty {
        try visitor.visitRepeatedMessageField(value: _storage._functions, fieldNumber: 8)
      }
      try { if let v = _storage._preprocessor {
        try visitor.visitSingularMessageField(value: v, fieldNumber: 9)
      } }()
      try { if let v = _storage._littleEndian {
        try visitor.visitSingularBoolField(value: v, fieldNumber: 10)
      } }()
      try { if let v = _storage._parallel {
        try visitor.visitSingularMessageField(value: v, fieldNumber: 11)
      } }()
      if !_storage._primitives.isEmpty {
        try visitor.visitRepeatedMessageField(value: _storage._primitives, fieldNumber: 12)
      }
      try { if let v = _storage._mindIrVersion {
        try visitor.visitSingularInt64Field(value: v, fieldNumber: 13)
      } }()
      if !_storage._userInfo.isEmpty {
        try visitor.visitMapField(fieldType: SwiftProtobuf._ProtobufMap<SwiftProtobuf.ProtobufString,SwiftProtobuf.ProtobufString>.self, value: _storage._userInfo, fieldNumber: 14)
      }
    }
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: MindIr_ModelProto, rhs: MindIr_ModelProto) -> Bool {
    if lhs._storage !== rhs._storage {
      let storagesAreEqual: Bool = withExtendedLifetime((lhs._storage, rhs._storage)) { (_args: (_StorageClass, _StorageClass)) in
        let _storage = _args.0
        let rhs_storage = _args.1
        if _storage._irVersion != rhs_storage._irVersion {return false}
        if _storage._producerName != rhs_storage._producerName {return false}
        if _storage._producerVersion != rhs_storage._producerVersion {return false}
        if _storage._domain != rhs_storage._domain {return false}
        if _storage._modelVersion != rhs_storage._modelVersion {return false}
        if _storage._docString != rhs_storage._docString {return false}
        if _storage._graph != rhs_storage._graph {return false}
        if _storage._functions != rhs_storage._functions {return false}
        if _storage._preprocessor != rhs_storage._preprocessor {return false}
        if _storage._littleEndian != rhs_storage._littleEndian {return false}
        if _storage._parallel != rhs_storage._parallel {return false}
        if _storage._primitives != rhs_storage._primitives {return false}
        if _storage._mindIrVersion != rhs_storage._mindIrVersion {return false}
        if _storage._userInfo != rhs_storage._userInfo {return false}
        return true
      }
      if !storagesAreEqual {return false}
    }
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}

nonisolated extension MindIr_PreprocessorProto: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = _protobuf_package + ".PreprocessorProto"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{1}op\0")

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    while let fieldNumber = try decoder.nextFieldNumber() {
      switch fieldNumber {
      case 1: try { try decoder.decodeRepeatedMessageField(value: &self.op) }()
      default: break
      }
    }
  }

  public func traverse<V: SwiftProtobuf.Visitor>(visitor: inout V) throws {
    if !self.op.isEmpty {
      try visitor.visitRepeatedMessageField(value: self.op, fieldNumber: 1)
    }
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: MindIr_PreprocessorProto, rhs: MindIr_PreprocessorProto) -> Bool {
    if lhs.op != rhs.op {return false}
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}

nonisolated extension MindIr_PreprocessOpProto: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = _protobuf_package + ".PreprocessOpProto"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{3}input_columns\0\u{3}output_columns\0\u{3}project_columns\0\u{3}op_type\0\u{1}operations\0\u{1}offload\0")

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    while let fieldNumber = try decoder.nextFieldNumber() {
      switch fieldNumber {
      case 1: try { try decoder.decodeSingularStringField(value: &self._inputColumns) }()
      case 2: try { try decoder.decodeSingularStringField(value: &self._outputColumns) }()
      case 3: try { try decoder.decodeSingularStringField(value: &self._projectColumns) }()
      case 4: try { try decoder.decodeSingularStringField(value: &self._opType) }()
      case 5: try { try decoder.decodeSingularStringField(value: &self._operations) }()
      case 6: try { try decoder.decodeSingularBoolField(value: &self._offload) }()
      default: break
      }
    }
  }

  public func traverse<V: SwiftProtobuf.Visitor>(visitor: inout V) throws {
    try { if let v = self._inputColumns {
      try visitor.visitSingularStringField(value: v, fieldNumber: 1)
    } }()
    try { if let v = self._outputColumns {
      try visitor.visitSingularStringField(value: v, fieldNumber: 2)
    } }()
    try { if let v = self._projectColumns {
      try visitor.visitSingularStringField(value: v, fieldNumber: 3)
    } }()
    try { if let v = self._opType {
      try visitor.visitSingularStringField(value: v, fieldNumber: 4)
    } }()
    try { if let v = self._operations {
      try visitor.visitSingularStringField(value: v, fieldNumber: 5)
    } }()
    try { if let v = self._offload {
      try visitor.visitSingularBoolField(value: v, fieldNumber: 6)
    } }()
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: MindIr_PreprocessOpProto, rhs: MindIr_PreprocessOpProto) -> Bool {
    if lhs._inputColumns != rhs._inputColumns {return false}
    if lhs._outputColumns != rhs._outputColumns {return false}
    if lhs._projectColumns != rhs._projectColumns {return false}
    if lhs._opType != rhs._opType {return false}
    if lhs._operations != rhs._operations {return false}
    if lhs._offload != rhs._offload {return false}
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}

nonisolated extension MindIr_GraphProto: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = _protobuf_package + ".GraphProto"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{1}node\0\u{1}name\0\u{1}parameter\0\u{3}doc_string\0\u{1}input\0\u{1}output\0\u{3}bprop_hash\0\u{1}attribute\0\u{3}bprop_filepath\0\u{3}map_parameter\0")

  public var isInitialized: Bool {
    if !SwiftProtobuf.Internal.areAllInitialized(self.node) {return false}
    if !SwiftProtobuf.Internal.areAllInitialized(self.parameter) {return false}
    if !SwiftProtobuf.Internal.areAllInitialized(self.input) {return false}
    if !SwiftProtobuf.Internal.areAllInitialized(self.output) {return false}
    if !SwiftProtobuf.Internal.areAllInitialized(self.attribute) {return false}
    if !SwiftProtobuf.Internal.areAllInitialized(self.mapParameter) {return false}
    return true
  }

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    while let fieldNumber = try decoder.nextFieldNumber() {
      switch fieldNumber {
      case 1: try { try decoder.decodeRepeatedMessageField(value: &self.node) }()
      case 2: try { try decoder.decodeSingularStringField(value: &self._name) }()
      case 3: try { try decoder.decodeRepeatedMessageField(value: &self.parameter) }()
      case 4: try { try decoder.decodeSingularStringField(value: &self._docString) }()
      case 5: try { try decoder.decodeRepeatedMessageField(value: &self.input) }()
      case 6: try { try decoder.decodeRepeatedMessageField(value: &self.output) }()
      case 7: try { try decoder.decodeSingularStringField(value: &self._bpropHash) }()
      case 8: try { try decoder.decodeRepeatedMessageField(value: &self.attribute) }()
      case 9: try { try decoder.decodeSingularStringField(value: &self._bpropFilepath) }()
      case 10: try { try decoder.decodeRepeatedMessageField(value: &self.mapParameter) }()
      default: break
      }
    }
  }

  public func traverse<V: SwiftProtobuf.Visitor>(visitor: inout V) throws {
    if !self.node.isEmpty {
      try visitor.visitRepeatedMessageField(value: self.node, fieldNumber: 1)
    }
    try { if let v = self._name {
      try visitor.visitSingularStringField(value: v, fieldNumber: 2)
    } }()
    if !self.parameter.isEmpty {
      try visitor.visitRepeatedMessageField(value: self.parameter, fieldNumber: 3)
    }
    try { if let v = self._docString {
      try visitor.visitSingularStringField(value: v, fieldNumber: 4)
    } }()
    if !self.input.isEmpty {
      try visitor.visitRepeatedMessageField(value: self.input, fieldNumber: 5)
    }
    if !self.output.isEmpty {
      try visitor.visitRepeatedMessageField(value: self.output, fieldNumber: 6)
    }
    try { if let v = self._bpropHash {
      try visitor.visitSingularStringField(value: v, fieldNumber: 7)
    } }()
    if !self.attribute.isEmpty {
      try visitor.visitRepeatedMessageField(value: self.attribute, fieldNumber: 8)
    }
    try { if let v = self._bpropFilepath {
      try visitor.visitSingularStringField(value: v, fieldNumber: 9)
    } }()
    if !self.mapParameter.isEmpty {
      try visitor.visitRepeatedMessageField(value: self.mapParameter, fieldNumber: 10)
    }
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: MindIr_GraphProto, rhs: MindIr_GraphProto) -> Bool {
    if lhs.node != rhs.node {return false}
    if lhs._name != rhs._name {return false}
    if lhs.parameter != rhs.parameter {return false}
    if lhs._docString != rhs._docString {return false}
    if lhs.input != rhs.input {return false}
    if lhs.output != rhs.output {return false}
    if lhs._bpropHash != rhs._bpropHash {return false}
    if lhs.attribute != rhs.attribute {return false}
    if lhs._bpropFilepath != rhs._bpropFilepath {return false}
    if lhs.mapParameter != rhs.mapParameter {return false}
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}

nonisolated extension MindIr_TensorProto: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = _protobuf_package + ".TensorProto"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{1}dims\0\u{3}data_type\0\u{3}float_data\0\u{3}int32_data\0\u{3}string_data\0\u{3}int64_data\0\u{1}name\0\u{3}doc_string\0\u{3}raw_data\0\u{3}double_data\0\u{3}uint64_data\0\u{3}external_data\0\u{3}ref_key\0\u{3}min_dims\0\u{3}max_dims\0\u{3}compression_type\0\u{3}quant_params\0")

  fileprivate class _StorageClass {
    var _dims: [Int64] = []
    var _dataType: Int32? = nil
    var _floatData: [Float] = []
    var _int32Data: [Int32] = []
    var _stringData: [Data] = []
    var _int64Data: [Int64] = []
    var _name: String? = nil
    var _docString: String? = nil
    var _rawData: Data? = nil
    var _doubleData: [Double] = []
    var _uint64Data: [UInt64] = []
    var _externalData: MindIr_TensorProto.ExternalDataProto? = nil
    var _refKey: String? = nil
    var _minDims: [Int64] = []
    var _maxDims: [Int64] = []
    var _compressionType: MindIr_TensorProto.CompressionType? = nil
    var _quantParams: [MindIr_TensorProto.QuantParamProto] = []

      static nonisolated(unsafe) let defaultInstance = _StorageClass()

    private init() {}

    init(copying source: _StorageClass) {
      _dims = source._dims
      _dataType = source._dataType
      _floatData = source._floatData
      _int32Data = source._int32Data
      _stringData = source._stringData
      _int64Data = source._int64Data
      _name = source._name
      _docString = source._docString
      _rawData = source._rawData
      _doubleData = source._doubleData
      _uint64Data = source._uint64Data
      _externalData = source._externalData
      _refKey = source._refKey
      _minDims = source._minDims
      _maxDims = source._maxDims
      _compressionType = source._compressionType
      _quantParams = source._quantParams
    }
  }

  fileprivate mutating func _uniqueStorage() -> _StorageClass {
    if !isKnownUniquelyReferenced(&_storage) {
      _storage = _StorageClass(copying: _storage)
    }
    return _storage
  }

  public var isInitialized: Bool {
    return withExtendedLifetime(_storage) { (_storage: _StorageClass) in
      if !SwiftProtobuf.Internal.areAllInitialized(_storage._quantParams) {return false}
      return true
    }
  }

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    _ = _uniqueStorage()
    try withExtendedLifetime(_storage) { (_storage: _StorageClass) in
      while let fieldNumber = try decoder.nextFieldNumber() {
        switch fieldNumber {
        case 1: try { try decoder.decodeRepeatedInt64Field(value: &_storage._dims) }()
        case 2: try { try decoder.decodeSingularInt32Field(value: &_storage._dataType) }()
        case 3: try { try decoder.decodeRepeatedFloatField(value: &_storage._floatData) }()
        case 4: try { try decoder.decodeRepeatedInt32Field(value: &_storage._int32Data) }()
        case 5: try { try decoder.decodeRepeatedBytesField(value: &_storage._stringData) }()
        case 6: try { try decoder.decodeRepeatedInt64Field(value: &_storage._int64Data) }()
        case 7: try { try decoder.decodeSingularStringField(value: &_storage._name) }()
        case 8: try { try decoder.decodeSingularStringField(value: &_storage._docString) }()
        case 9: try { try decoder.decodeSingularBytesField(value: &_storage._rawData) }()
        case 10: try { try decoder.decodeRepeatedDoubleField(value: &_storage._doubleData) }()
        case 11: try { try decoder.decodeRepeatedUInt64Field(value: &_storage._uint64Data) }()
        case 12: try { try decoder.decodeSingularMessageField(value: &_storage._externalData) }()
        case 13: try { try decoder.decodeSingularStringField(value: &_storage._refKey) }()
        case 14: try { try decoder.decodeRepeatedInt64Field(value: &_storage._minDims) }()
        case 15: try { try decoder.decodeRepeatedInt64Field(value: &_storage._maxDims) }()
        case 16: try { try decoder.decodeSingularEnumField(value: &_storage._compressionType) }()
        case 17: try { try decoder.decodeRepeatedMessageField(value: &_storage._quantParams) }()
        default: break
        }
      }
    }
  }

  public func traverse<V: SwiftProtobuf.Visitor>(visitor: inout V) throws {
    try withExtendedLifetime(_storage) { (_storage: _StorageClass) in
      if !_storage._dims.isEmpty {
        try visitor.visitRepeatedInt64Field(value: _storage._dims, fieldNumber: 1)
      }
      try { if let v = _storage._dataType {
        try visitor.visitSingularInt32Field(value: v, fieldNumber: 2)
      } }()
      if !_storage._floatData.isEmpty {
        try visitor.visitRepeatedFloatField(value: _storage._floatData, fieldNumber: 3)
      }
      if !_storage._int32Data.isEmpty {
        try visitor.visitRepeatedInt32Field(value: _storage._int32Data, fieldNumber: 4)
      }
      if !_storage._stringData.isEmpty {
        try visitor.visitRepeatedBytesField(value: _storage._stringData, fieldNumber: 5)
      }
      if !_storage._int64Data.isEmpty {
        try visitor.visitRepeatedInt64Field(value: _storage._int64Data, fieldNumber: 6)
      }
      try { if let v = _storage._name {
        try visitor.visitSingularStringField(value: v, fieldNumber: 7)
      } }()
      try { if let v = _storage._docString {
        try visitor.visitSingularStringField(value: v, fieldNumber: 8)
      } }()
      try { if let v = _storage._rawData {
        try visitor.visitSingularBytesField(value: v, fieldNumber: 9)
      } }()
      if !_storage._doubleData.isEmpty {
        try visitor.visitRepeatedDoubleField(value: _storage._doubleData, fieldNumber: 10)
      }
      if !_storage._uint64Data.isEmpty {
        try visitor.visitRepeatedUInt64Field(value: _storage._uint64Data, fieldNumber: 11)
      }
      try { if let v = _storage._externalData {
        try visitor.visitSingularMessageField(value: v, fieldNumber: 12)
      } }()
      try { if let v = _storage._refKey {
        try visitor.visitSingularStringField(value: v, fieldNumber: 13)
      } }()
      if !_storage._minDims.isEmpty {
        try visitor.visitRepeatedInt64Field(value: _storage._minDims, fieldNumber: 14)
      }
      if !_storage._maxDims.isEmpty {
        try visitor.visitRepeatedInt64Field(value: _storage._maxDims, fieldNumber: 15)
      }
      try { if let v = _storage._compressionType {
        try visitor.visitSingularEnumField(value: v, fieldNumber: 16)
      } }()
      if !_storage._quantParams.isEmpty {
        try visitor.visitRepeatedMessageField(value: _storage._quantParams, fieldNumber: 17)
      }
    }
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: MindIr_TensorProto, rhs: MindIr_TensorProto) -> Bool {
    if lhs._storage !== rhs._storage {
      let storagesAreEqual: Bool = withExtendedLifetime((lhs._storage, rhs._storage)) { (_args: (_StorageClass, _StorageClass)) in
        let _storage = _args.0
        let rhs_storage = _args.1
        if _storage._dims != rhs_storage._dims {return false}
        if _storage._dataType != rhs_storage._dataType {return false}
        if _storage._floatData != rhs_storage._floatData {return false}
        if _storage._int32Data != rhs_storage._int32Data {return false}
        if _storage._stringData != rhs_storage._stringData {return false}
        if _storage._int64Data != rhs_storage._int64Data {return false}
        if _storage._name != rhs_storage._name {return false}
        if _storage._docString != rhs_storage._docString {return false}
        if _storage._rawData != rhs_storage._rawData {return false}
        if _storage._doubleData != rhs_storage._doubleData {return false}
        if _storage._uint64Data != rhs_storage._uint64Data {return false}
        if _storage._externalData != rhs_storage._externalData {return false}
        if _storage._refKey != rhs_storage._refKey {return false}
        if _storage._minDims != rhs_storage._minDims {return false}
        if _storage._maxDims != rhs_storage._maxDims {return false}
        if _storage._compressionType != rhs_storage._compressionType {return false}
        if _storage._quantParams != rhs_storage._quantParams {return false}
        return true
      }
      if !storagesAreEqual {return false}
    }
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}

nonisolated extension MindIr_TensorProto.DataType: SwiftProtobuf._ProtoNameProviding {
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{2}\0UNDEFINED\0\u{1}FLOAT\0\u{1}UINT8\0\u{1}INT8\0\u{1}UINT16\0\u{1}INT16\0\u{1}INT32\0\u{1}INT64\0\u{1}STRING\0\u{1}BOOL\0\u{1}FLOAT16\0\u{1}DOUBLE\0\u{1}UINT32\0\u{1}UINT64\0\u{1}COMPLEX64\0\u{1}COMPLEX128\0\u{1}BFLOAT16\0\u{1}FLOAT64\0\u{1}QINT4X2\0")
}

nonisolated extension MindIr_TensorProto.CompressionType: SwiftProtobuf._ProtoNameProviding {
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{2}\0NO_COMPRESSION\0\u{1}INDEXING\0\u{1}SPARSE\0\u{1}FSE\0\u{1}BIT_PACKING\0\u{1}FSE_INT\0\u{1}FSE_INFER\0")
}

nonisolated extension MindIr_TensorProto.ExternalDataProto: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = MindIr_TensorProto.protoMessageName + ".ExternalDataProto"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{1}location\0\u{1}offset\0\u{1}length\0")

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    while let fieldNumber = try decoder.nextFieldNumber() {
      switch fieldNumber {
      case 1: try { try decoder.decodeSingularStringField(value: &self._location) }()
      case 2: try { try decoder.decodeSingularInt64Field(value: &self._offset) }()
      case 3: try { try decoder.decodeSingularInt64Field(value: &self._length) }()
      default: break
      }
    }
  }

  public func traverse<V: SwiftProtobuf.Visitor>(visitor: inout V) throws {
    try { if let v = self._location {
      try visitor.visitSingularStringField(value: v, fieldNumber: 1)
    } }()
    try { if let v = self._offset {
      try visitor.visitSingularInt64Field(value: v, fieldNumber: 2)
    } }()
    try { if let v = self._length {
      try visitor.visitSingularInt64Field(value: v, fieldNumber: 3)
    } }()
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: MindIr_TensorProto.ExternalDataProto, rhs: MindIr_TensorProto.ExternalDataProto) -> Bool {
    if lhs._location != rhs._location {return false}
    if lhs._offset != rhs._offset {return false}
    if lhs._length != rhs._length {return false}
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}

nonisolated extension MindIr_TensorProto.QuantParamProto: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = MindIr_TensorProto.protoMessageName + ".QuantParamProto"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{3}quant_algo_name\0\u{1}attribute\0")

  public var isInitialized: Bool {
    if self._quantAlgoName == nil {return false}
    if !SwiftProtobuf.Internal.areAllInitialized(self.attribute) {return false}
    return true
  }

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    while let fieldNumber = try decoder.nextFieldNumber() {
      switch fieldNumber {
      case 1: try { try decoder.decodeSingularStringField(value: &self._quantAlgoName) }()
      case 2: try { try decoder.decodeRepeatedMessageField(value: &self.attribute) }()
      default: break
      }
    }
  }

  public func traverse<V: SwiftProtobuf.Visitor>(visitor: inout V) throws {
    try { if let v = self._quantAlgoName {
      try visitor.visitSingularStringField(value: v, fieldNumber: 1)
    } }()
    if !self.attribute.isEmpty {
      try visitor.visitRepeatedMessageField(value: self.attribute, fieldNumber: 2)
    }
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: MindIr_TensorProto.QuantParamProto, rhs: MindIr_TensorProto.QuantParamProto) -> Bool {
    if lhs._quantAlgoName != rhs._quantAlgoName {return false}
    if lhs.attribute != rhs.attribute {return false}
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}

nonisolated extension MindIr_MapTensorProto: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = _protobuf_package + ".MapTensorProto"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{1}name\0\u{3}default_value\0\u{3}key_tensor\0\u{3}value_tensor\0\u{3}status_tensor\0")

  public var isInitialized: Bool {
    if self._name == nil {return false}
    if self._defaultValue == nil {return false}
    if self._keyTensor == nil {return false}
    if self._valueTensor == nil {return false}
    if self._statusTensor == nil {return false}
    if let v = self._defaultValue, !v.isInitialized {return false}
    if let v = self._keyTensor, !v.isInitialized {return false}
    if let v = self._valueTensor, !v.isInitialized {return false}
    if let v = self._statusTensor, !v.isInitialized {return false}
    return true
  }

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    while let fieldNumber = try decoder.nextFieldNumber() {
      switch fieldNumber {
      case 1: try { try decoder.decodeSingularStringField(value: &self._name) }()
      case 2: try { try decoder.decodeSingularMessageField(value: &self._defaultValue) }()
      case 3: try { try decoder.decodeSingularMessageField(value: &self._keyTensor) }()
      case 4: try { try decoder.decodeSingularMessageField(value: &self._valueTensor) }()
      case 5: try { try decoder.decodeSingularMessageField(value: &self._statusTensor) }()
      default: break
      }
    }
  }

  public func traverse<V: SwiftProtobuf.Visitor>(visitor: inout V) throws {
    try { if let v = self._name {
      try visitor.visitSingularStringField(value: v, fieldNumber: 1)
    } }()
    try { if let v = self._defaultValue {
      try visitor.visitSingularMessageField(value: v, fieldNumber: 2)
    } }()
    try { if let v = self._keyTensor {
      try visitor.visitSingularMessageField(value: v, fieldNumber: 3)
    } }()
    try { if let v = self._valueTensor {
      try visitor.visitSingularMessageField(value: v, fieldNumber: 4)
    } }()
    try { if let v = self._statusTensor {
      try visitor.visitSingularMessageField(value: v, fieldNumber: 5)
    } }()
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: MindIr_MapTensorProto, rhs: MindIr_MapTensorProto) -> Bool {
    if lhs._name != rhs._name {return false}
    if lhs._defaultValue != rhs._defaultValue {return false}
    if lhs._keyTensor != rhs._keyTensor {return false}
    if lhs._valueTensor != rhs._valueTensor {return false}
    if lhs._statusTensor != rhs._statusTensor {return false}
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}

nonisolated extension MindIr_ParallelProto: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = _protobuf_package + ".ParallelProto"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{1}layout\0")

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    while let fieldNumber = try decoder.nextFieldNumber() {
      switch fieldNumber {
      case 1: try { try decoder.decodeRepeatedMessageField(value: &self.layout) }()
      default: break
      }
    }
  }

  public func traverse<V: SwiftProtobuf.Visitor>(visitor: inout V) throws {
    if !self.layout.isEmpty {
      try visitor.visitRepeatedMessageField(value: self.layout, fieldNumber: 1)
    }
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: MindIr_ParallelProto, rhs: MindIr_ParallelProto) -> Bool {
    if lhs.layout != rhs.layout {return false}
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}

nonisolated extension MindIr_LayoutProto: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = _protobuf_package + ".LayoutProto"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{1}name\0\u{3}device_arrangement_int\0\u{3}tensor_map_int\0\u{3}slice_shape_int\0\u{3}field_size\0\u{3}uniform_split\0\u{3}opt_shard_group\0\u{3}pipeline_shared\0\u{3}is_send\0\u{3}peer_rank\0\u{3}sr_tag\0\u{3}opt_shard_slice_shape_int\0")

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    while let fieldNumber = try decoder.nextFieldNumber() {
      switch fieldNumber {
      case 1: try { try decoder.decodeSingularStringField(value: &self._name) }()
      case 2: try { try decoder.decodeRepeatedInt64Field(value: &self.deviceArrangementInt) }()
      case 3: try { try decoder.decodeRepeatedInt64Field(value: &self.tensorMapInt) }()
      case 4: try { try decoder.decodeRepeatedInt64Field(value: &self.sliceShapeInt) }()
      case 5: try { try decoder.decodeSingularInt64Field(value: &self._fieldSize) }()
      case 6: try { try decoder.decodeSingularBoolField(value: &self._uniformSplit) }()
      case 7: try { try decoder.decodeSingularStringField(value: &self._optShardGroup) }()
      case 8: try { try decoder.decodeSingularBoolField(value: &self._pipelineShared) }()
      case 9: try { try decoder.decodeSingularBoolField(value: &self._isSend) }()
      case 10: try { try decoder.decodeSingularInt64Field(value: &self._peerRank) }()
      case 11: try { try decoder.decodeSingularInt64Field(value: &self._srTag) }()
      case 12: try { try decoder.decodeRepeatedInt64Field(value: &self.optShardSliceShapeInt) }()
      default: break
      }
    }
  }

  public func traverse<V: SwiftProtobuf.Visitor>(visitor: inout V) throws {
    try { if let v = self._name {
      try visitor.visitSingularStringField(value: v, fieldNumber: 1)
    } }()
    if !self.deviceArrangementInt.isEmpty {
      try visitor.visitRepeatedInt64Field(value: self.deviceArrangementInt, fieldNumber: 2)
    }
    if !self.tensorMapInt.isEmpty {
      try visitor.visitRepeatedInt64Field(value: self.tensorMapInt, fieldNumber: 3)
    }
    if !self.sliceShapeInt.isEmpty {
      try visitor.visitRepeatedInt64Field(value: self.sliceShapeInt, fieldNumber: 4)
    }
    try { if let v = self._fieldSize {
      try visitor.visitSingularInt64Field(value: v, fieldNumber: 5)
    } }()
    try { if let v = self._uniformSplit {
      try visitor.visitSingularBoolField(value: v, fieldNumber: 6)
    } }()
    try { if let v = self._optShardGroup {
      try visitor.visitSingularStringField(value: v, fieldNumber: 7)
    } }()
    try { if let v = self._pipelineShared {
      try visitor.visitSingularBoolField(value: v, fieldNumber: 8)
    } }()
    try { if let v = self._isSend {
      try visitor.visitSingularBoolField(value: v, fieldNumber: 9)
    } }()
    try { if let v = self._peerRank {
      try visitor.visitSingularInt64Field(value: v, fieldNumber: 10)
    } }()
    try { if let v = self._srTag {
      try visitor.visitSingularInt64Field(value: v, fieldNumber: 11)
    } }()
    if !self.optShardSliceShapeInt.isEmpty {
      try visitor.visitRepeatedInt64Field(value: self.optShardSliceShapeInt, fieldNumber: 12)
    }
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: MindIr_LayoutProto, rhs: MindIr_LayoutProto) -> Bool {
    if lhs._name != rhs._name {return false}
    if lhs.deviceArrangementInt != rhs.deviceArrangementInt {return false}
    if lhs.tensorMapInt != rhs.tensorMapInt {return false}
    if lhs.sliceShapeInt != rhs.sliceShapeInt {return false}
    if lhs._fieldSize != rhs._fieldSize {return false}
    if lhs._uniformSplit != rhs._uniformSplit {return false}
    if lhs._optShardGroup != rhs._optShardGroup {return false}
    if lhs._pipelineShared != rhs._pipelineShared {return false}
    if lhs._isSend != rhs._isSend {return false}
    if lhs._peerRank != rhs._peerRank {return false}
    if lhs._srTag != rhs._srTag {return false}
    if lhs.optShardSliceShapeInt != rhs.optShardSliceShapeInt {return false}
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}

nonisolated extension MindIr_PrimitiveProto: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = _protobuf_package + ".PrimitiveProto"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{1}name\0\u{3}op_type\0\u{1}attribute\0\u{3}instance_name\0\u{3}prim_type\0")

  public var isInitialized: Bool {
    if !SwiftProtobuf.Internal.areAllInitialized(self.attribute) {return false}
    return true
  }

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    while let fieldNumber = try decoder.nextFieldNumber() {
      switch fieldNumber {
      case 1: try { try decoder.decodeSingularStringField(value: &self._name) }()
      case 2: try { try decoder.decodeSingularStringField(value: &self._opType) }()
      case 3: try { try decoder.decodeRepeatedMessageField(value: &self.attribute) }()
      case 4: try { try decoder.decodeSingularStringField(value: &self._instanceName) }()
      case 5: try { try decoder.decodeSingularEnumField(value: &self._primType) }()
      default: break
      }
    }
  }

  public func traverse<V: SwiftProtobuf.Visitor>(visitor: inout V) throws {
    try { if let v = self._name {
      try visitor.visitSingularStringField(value: v, fieldNumber: 1)
    } }()
    try { if let v = self._opType {
      try visitor.visitSingularStringField(value: v, fieldNumber: 2)
    } }()
    if !self.attribute.isEmpty {
      try visitor.visitRepeatedMessageField(value: self.attribute, fieldNumber: 3)
    }
    try { if let v = self._instanceName {
      try visitor.visitSingularStringField(value: v, fieldNumber: 4)
    } }()
    try { if let v = self._primType {
      try visitor.visitSingularEnumField(value: v, fieldNumber: 5)
    } }()
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: MindIr_PrimitiveProto, rhs: MindIr_PrimitiveProto) -> Bool {
    if lhs._name != rhs._name {return false}
    if lhs._opType != rhs._opType {return false}
    if lhs.attribute != rhs.attribute {return false}
    if lhs._instanceName != rhs._instanceName {return false}
    if lhs._primType != rhs._primType {return false}
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}

nonisolated extension MindIr_PrimitiveProto.PrimType: SwiftProtobuf._ProtoNameProviding {
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{1}PRIMITIVE\0\u{1}PRIMITIVE_FUNCTION\0")
}

nonisolated extension MindIr_ScalarNodeProto: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = _protobuf_package + ".ScalarNodeProto"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{3}scalar_op_type\0\u{3}in_index\0\u{1}value\0")

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    while let fieldNumber = try decoder.nextFieldNumber() {
      switch fieldNumber {
      case 1: try { try decoder.decodeSingularInt64Field(value: &self._scalarOpType) }()
      case 2: try { try decoder.decodeRepeatedInt64Field(value: &self.inIndex) }()
      case 3: try { try decoder.decodeRepeatedInt64Field(value: &self.value) }()
      default: break
      }
    }
  }

  public func traverse<V: SwiftProtobuf.Visitor>(visitor: inout V) throws {
    try { if let v = self._scalarOpType {
      try visitor.visitSingularInt64Field(value: v, fieldNumber: 1)
    } }()
    if !self.inIndex.isEmpty {
      try visitor.visitRepeatedInt64Field(value: self.inIndex, fieldNumber: 2)
    }
    if !self.value.isEmpty {
      try visitor.visitRepeatedInt64Field(value: self.value, fieldNumber: 3)
    }
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: MindIr_ScalarNodeProto, rhs: MindIr_ScalarNodeProto) -> Bool {
    if lhs._scalarOpType != rhs._scalarOpType {return false}
    if lhs.inIndex != rhs.inIndex {return false}
    if lhs.value != rhs.value {return false}
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}

nonisolated extension MindIr_ScalarGraphHolderProto: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = _protobuf_package + ".ScalarGraphHolderProto"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{3}scalar_node\0\u{3}input_shape_index\0")

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    while let fieldNumber = try decoder.nextFieldNumber() {
      switch fieldNumber {
      case 1: try { try decoder.decodeRepeatedMessageField(value: &self.scalarNode) }()
      case 2: try { try decoder.decodeRepeatedUInt64Field(value: &self.inputShapeIndex) }()
      default: break
      }
    }
  }

  public func traverse<V: SwiftProtobuf.Visitor>(visitor: inout V) throws {
    if !self.scalarNode.isEmpty {
      try visitor.visitRepeatedMessageField(value: self.scalarNode, fieldNumber: 1)
    }
    if !self.inputShapeIndex.isEmpty {
      try visitor.visitRepeatedUInt64Field(value: self.inputShapeIndex, fieldNumber: 2)
    }
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: MindIr_ScalarGraphHolderProto, rhs: MindIr_ScalarGraphHolderProto) -> Bool {
    if lhs.scalarNode != rhs.scalarNode {return false}
    if lhs.inputShapeIndex != rhs.inputShapeIndex {return false}
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}
