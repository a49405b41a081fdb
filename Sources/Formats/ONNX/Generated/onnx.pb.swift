// Generated from Protos/onnx.proto by scripts/regenerate-protos; do not edit.


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

public nonisolated enum Onnx_Version: Int, SwiftProtobuf.Enum, Swift.CaseIterable {
  case startVersion = 0
  case irVersion20171010 = 1
  case irVersion20171030 = 2
  case irVersion2017113 = 3
  case irVersion2019122 = 4
  case irVersion2019318 = 5
  case irVersion2019919 = 6
  case irVersion202058 = 7
  case irVersion2021730 = 8
  case irVersion202355 = 9
  case irVersion2024325 = 10
  case irVersion20250512 = 11
  case irVersion20250826 = 12
  case irVersion20251106 = 13
  case irVersion = 14

  public init() {
    self = .startVersion
  }

}

public nonisolated enum Onnx_OperatorStatus: Int, SwiftProtobuf.Enum, Swift.CaseIterable {
  case experimental = 0
  case stable = 1

  public init() {
    self = .experimental
  }

}

public nonisolated struct Onnx_AttributeProto: @unchecked Sendable {

  public var name: String {
    get {_storage._name ?? String()}
    set {_uniqueStorage()._name = newValue}
  }
  public var hasName: Bool {_storage._name != nil}
  public mutating func clearName() {_uniqueStorage()._name = nil}

  public var refAttrName: String {
    get {_storage._refAttrName ?? String()}
    set {_uniqueStorage()._refAttrName = newValue}
  }
  public var hasRefAttrName: Bool {_storage._refAttrName != nil}
  public mutating func clearRefAttrName() {_uniqueStorage()._refAttrName = nil}

  public var docString: String {
    get {_storage._docString ?? String()}
    set {_uniqueStorage()._docString = newValue}
  }
  public var hasDocString: Bool {_storage._docString != nil}
  public mutating func clearDocString() {_uniqueStorage()._docString = nil}

  public var type: Onnx_AttributeProto.AttributeType {
    get {_storage._type ?? .undefined}
    set {_uniqueStorage()._type = newValue}
  }
  public var hasType: Bool {_storage._type != nil}
  public mutating func clearType() {_uniqueStorage()._type = nil}

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

  public var s: Data {
    get {_storage._s ?? Data()}
    set {_uniqueStorage()._s = newValue}
  }
  public var hasS: Bool {_storage._s != nil}
  public mutating func clearS() {_uniqueStorage()._s = nil}

  public var t: Onnx_TensorProto {
    get {_storage._t ?? Onnx_TensorProto()}
    set {_uniqueStorage()._t = newValue}
  }
  public var hasT: Bool {_storage._t != nil}
  public mutating func clearT() {_uniqueStorage()._t = nil}

  public var g: Onnx_GraphProto {
    get {_storage._g ?? Onnx_GraphProto()}
    set {_uniqueStorage()._g = newValue}
  }
  public var hasG: Bool {_storage._g != nil}
  public mutating func clearG() {_uniqueStorage()._g = nil}

  public var sparseTensor: Onnx_SparseTensorProto {
    get {_storage._sparseTensor ?? Onnx_SparseTensorProto()}
    set {_uniqueStorage()._sparseTensor = newValue}
  }
  public var hasSparseTensor: Bool {_storage._sparseTensor != nil}
  public mutating func clearSparseTensor() {_uniqueStorage()._sparseTensor = nil}

  public var tp: Onnx_TypeProto {
    get {_storage._tp ?? Onnx_TypeProto()}
    set {_uniqueStorage()._tp = newValue}
  }
  public var hasTp: Bool {_storage._tp != nil}
  public mutating func clearTp() {_uniqueStorage()._tp = nil}

  public var floats: [Float] {
    get {_storage._floats}
    set {_uniqueStorage()._floats = newValue}
  }

  public var ints: [Int64] {
    get {_storage._ints}
    set {_uniqueStorage()._ints = newValue}
  }

  public var strings: [Data] {
    get {_storage._strings}
    set {_uniqueStorage()._strings = newValue}
  }

  public var tensors: [Onnx_TensorProto] {
    get {_storage._tensors}
    set {_uniqueStorage()._tensors = newValue}
  }

  public var graphs: [Onnx_GraphProto] {
    get {_storage._graphs}
    set {_uniqueStorage()._graphs = newValue}
  }

  public var sparseTensors: [Onnx_SparseTensorProto] {
    get {_storage._sparseTensors}
    set {_uniqueStorage()._sparseTensors = newValue}
  }

  public var typeProtos: [Onnx_TypeProto] {
    get {_storage._typeProtos}
    set {_uniqueStorage()._typeProtos = newValue}
  }

  public var unknownFields = SwiftProtobuf.UnknownStorage()

  public nonisolated enum AttributeType: Int, SwiftProtobuf.Enum, Swift.CaseIterable {
    case undefined = 0
    case float = 1
    case int = 2
    case string = 3
    case tensor = 4
    case graph = 5
    case sparseTensor = 11
    case typeProto = 13
    case floats = 6
    case ints = 7
    case strings = 8
    case tensors = 9
    case graphs = 10
    case sparseTensors = 12
    case typeProtos = 14

    public init() {
      self = .undefined
    }

  }

  public init() {}

  fileprivate var _storage = _StorageClass.defaultInstance
}

public nonisolated struct Onnx_ValueInfoProto: Sendable {

  public var name: String {
    get {_name ?? String()}
    set {_name = newValue}
  }
  public var hasName: Bool {self._name != nil}
  public mutating func clearName() {self._name = nil}

  public var type: Onnx_TypeProto {
    get {_type ?? Onnx_TypeProto()}
    set {_type = newValue}
  }
  public var hasType: Bool {self._type != nil}
  public mutating func clearType() {self._type = nil}

  public var docString: String {
    get {_docString ?? String()}
    set {_docString = newValue}
  }
  public var hasDocString: Bool {self._docString != nil}
  public mutating func clearDocString() {self._docString = nil}

  public var metadataProps: [Onnx_StringStringEntryProto] = []

  public var unknownFields = SwiftProtobuf.UnknownStorage()

  public init() {}

  fileprivate var _name: String? = nil
  fileprivate var _type: Onnx_TypeProto? = nil
  fileprivate var _docString: String? = nil
}

public nonisolated struct Onnx_NodeProto: Sendable {

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

  public var domain: String {
    get {_domain ?? String()}
    set {_domain = newValue}
  }
  public var hasDomain: Bool {self._domain != nil}
  public mutating func clearDomain() {self._domain = nil}

  public var overload: String {
    get {_overload ?? String()}
    set {_overload = newValue}
  }
  public var hasOverload: Bool {self._overload != nil}
  public mutating func clearOverload() {self._overload = nil}

  public var attribute: [Onnx_AttributeProto] = []

  public var docString: String {
    get {_docString ?? String()}
    set {_docString = newValue}
  }
  public var hasDocString: Bool {self._docString != nil}
  public mutating func clearDocString() {self._docString = nil}

  public var metadataProps: [Onnx_StringStringEntryProto] = []

  public var deviceConfigurations: [Onnx_NodeDeviceConfigurationProto] = []

  public var unknownFields = SwiftProtobuf.UnknownStorage()

  public init() {}

  fileprivate var _name: String? = nil
  fileprivate var _opType: String? = nil
  fileprivate var _domain: String? = nil
  fileprivate var _overload: String? = nil
  fileprivate var _docString: String? = nil
}

public nonisolated struct Onnx_IntIntListEntryProto: Sendable {

  public var key: Int64 {
    get {_key ?? 0}
    set {_key = newValue}
  }
  public var hasKey: Bool {self._key != nil}
  public mutating func clearKey() {self._key = nil}

  public var value: [Int64] = []

  public var unknownFields = SwiftProtobuf.UnknownStorage()

  public init() {}

  fileprivate var _key: Int64? = nil
}

public nonisolated struct Onnx_NodeDeviceConfigurationProto: Sendable {

  public var configurationID: String {
    get {_configurationID ?? String()}
    set {_configurationID = newValue}
  }
  public var hasConfigurationID: Bool {self._configurationID != nil}
  public mutating func clearConfigurationID() {self._configurationID = nil}

  public var shardingSpec: [Onnx_ShardingSpecProto] = []

  public var pipelineStage: Int32 {
    get {_pipelineStage ?? 0}
    set {_pipelineStage = newValue}
  }
  public var hasPipelineStage: Bool {self._pipelineStage != nil}
  public mutating func clearPipelineStage() {self._pipelineStage = nil}

  public var unknownFields = SwiftProtobuf.UnknownStorage()

  public init() {}

  fileprivate var _configurationID: String? = nil
  fileprivate var _pipelineStage: Int32? = nil
}

public nonisolated struct Onnx_ShardingSpecProto: Sendable {

  public var tensorName: String {
    get {_tensorName ?? String()}
    set {_tensorName = newValue}
  }
  public var hasTensorName: Bool {self._tensorName != nil}
  public mutating func clearTensorName() {self._tensorName = nil}

  public var device: [Int64] = []

  public var indexToDeviceGroupMap: [Onnx_IntIntListEntryProto] = []

  public var shardedDim: [Onnx_ShardedDimProto] = []

  public var unknownFields = SwiftProtobuf.UnknownStorage()

  public init() {}

  fileprivate var _tensorName: String? = nil
}

public nonisolated struct Onnx_ShardedDimProto: Sendable {

  public var axis: Int64 {
    get {_axis ?? 0}
    set {_axis = newValue}
  }
  public var hasAxis: Bool {self._axis != nil}
  public mutating func clearAxis() {self._axis = nil}

  public var simpleSharding: [Onnx_SimpleShardedDimProto] = []

  public var unknownFields = SwiftProtobuf.UnknownStorage()

  public init() {}

  fileprivate var _axis: Int64? = nil
}

public nonisolated struct Onnx_SimpleShardedDimProto: Sendable {

  public var dim: Onnx_SimpleShardedDimProto.OneOf_Dim? = nil

  public var dimValue: Int64 {
    get {
      if case .dimValue(let v)? = dim {return v}
      return 0
    }
    set {dim = .dimValue(newValue)}
  }

  public var dimParam: String {
    get {
      if case .dimParam(let v)? = dim {return v}
      return String()
    }
    set {dim = .dimParam(newValue)}
  }

  public var numShards: Int64 {
    get {_numShards ?? 0}
    set {_numShards = newValue}
  }
  public var hasNumShards: Bool {self._numShards != nil}
  public mutating func clearNumShards() {self._numShards = nil}

  public var unknownFields = SwiftProtobuf.UnknownStorage()

  public nonisolated enum OneOf_Dim: Equatable, Sendable {
    case dimValue(Int64)
    case dimParam(String)

  }

  public init() {}

  fileprivate var _numShards: Int64? = nil
}

public nonisolated struct Onnx_TrainingInfoProto: @unchecked Sendable {

  public var initialization: Onnx_GraphProto {
    get {_storage._initialization ?? Onnx_GraphProto()}
    set {_uniqueStorage()._initialization = newValue}
  }
  public var hasInitialization: Bool {_storage._initialization != nil}
  public mutating func clearInitialization() {_uniqueStorage()._initialization = nil}

  public var algorithm: Onnx_GraphProto {
    get {_storage._algorithm ?? Onnx_GraphProto()}
    set {_uniqueStorage()._algorithm = newValue}
  }
  public var hasAlgorithm: Bool {_storage._algorithm != nil}
  public mutating func clearAlgorithm() {_uniqueStorage()._algorithm = nil}

  public var initializationBinding: [Onnx_StringStringEntryProto] {
    get {_storage._initializationBinding}
    set {_uniqueStorage()._initializationBinding = newValue}
  }

  public var updateBinding: [Onnx_StringStringEntryProto] {
    get {_storage._updateBinding}
    set {_uniqueStorage()._updateBinding = newValue}
  }

  public var unknownFields = SwiftProtobuf.UnknownStorage()

  public init() {}

  fileprivate var _storage = _StorageClass.defaultInstance
}

public nonisolated struct Onnx_ModelProto: @unchecked Sendable {

  public var irVersion: Int64 {
    get {_storage._irVersion ?? 0}
    set {_uniqueStorage()._irVersion = newValue}
  }
  public var hasIrVersion: Bool {_storage._irVersion != nil}
  public mutating func clearIrVersion() {_uniqueStorage()._irVersion = nil}

  public var opsetImport: [Onnx_OperatorSetIdProto] {
    get {_storage._opsetImport}
    set {_uniqueStorage()._opsetImport = newValue}
  }

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

  public var modelVersion: Int64 {
    get {_storage._modelVersion ?? 0}
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

  public var graph: Onnx_GraphProto {
    get {_storage._graph ?? Onnx_GraphProto()}
    set {_uniqueStorage()._graph = newValue}
  }
  public var hasGraph: Bool {_storage._graph != nil}
  public mutating func clearGraph() {_uniqueStorage()._graph = nil}

  public var metadataProps: [Onnx_StringStringEntryProto] {
    get {_storage._metadataProps}
    set {_uniqueStorage()._metadataProps = newValue}
  }

  public var trainingInfo: [Onnx_TrainingInfoProto] {
    get {_storage._trainingInfo}
    set {_uniqueStorage()._trainingInfo = newValue}
  }

  public var functions: [Onnx_FunctionProto] {
    get {_storage._functions}
    set {_uniqueStorage()._functions = newValue}
  }

  public var configuration: [Onnx_DeviceConfigurationProto] {
    get {_storage._configuration}
    set {_uniqueStorage()._configuration = newValue}
  }

  public var unknownFields = SwiftProtobuf.UnknownStorage()

  public init() {}

  fileprivate var _storage = _StorageClass.defaultInstance
}

public nonisolated struct Onnx_DeviceConfigurationProto: Sendable {

  public var name: String {
    get {_name ?? String()}
    set {_name = newValue}
  }
  public var hasName: Bool {self._name != nil}
  public mutating func clearName() {self._name = nil}

  public var numDevices: Int32 {
    get {_numDevices ?? 0}
    set {_numDevices = newValue}
  }
  public var hasNumDevices: Bool {self._numDevices != nil}
  public mutating func clearNumDevices() {self._numDevices = nil}

  public var device: [String] = []

  public var unknownFields = SwiftProtobuf.UnknownStorage()

  public init() {}

  fileprivate var _name: String? = nil
  fileprivate var _numDevices: Int32? = nil
}

public nonisolated struct Onnx_StringStringEntryProto: Sendable {

  public var key: String {
    get {_key ?? String()}
    set {_key = newValue}
  }
  public var hasKey: Bool {self._key != nil}
  public mutating func clearKey() {self._key = nil}

  public var value: String {
    get {_value ?? String()}
    set {_value = newValue}
  }
  public var hasValue: Bool {self._value != nil}
  public mutating func clearValue() {self._value = nil}

  public var unknownFields = SwiftProtobuf.UnknownStorage()

  public init() {}

  fileprivate var _key: String? = nil
  fileprivate var _value: String? = nil
}

public nonisolated struct Onnx_TensorAnnotation: Sendable {

  public var tensorName: String {
    get {_tensorName ?? String()}
    set {_tensorName = newValue}
  }
  public var hasTensorName: Bool {self._tensorName != nil}
  public mutating func clearTensorName() {self._tensorName = nil}

  public var quantParameterTensorNames: [Onnx_StringStringEntryProto] = []

  public var unknownFields = SwiftProtobuf.UnknownStorage()

  public init() {}

  fileprivate var _tensorName: String? = nil
}

public nonisolated struct Onnx_GraphProto: Sendable {

  public var node: [Onnx_NodeProto] = []

  public var name: String {
    get {_name ?? String()}
    set {_name = newValue}
  }
  public var hasName: Bool {self._name != nil}
  public mutating func clearName() {self._name = nil}

  public var initializer: [Onnx_TensorProto] = []

  public var sparseInitializer: [Onnx_SparseTensorProto] = []

  public var docString: String {
    get {_docString ?? String()}
    set {_docString = newValue}
  }
  public var hasDocString: Bool {self._docString != nil}
  public mutating func clearDocString() {self._docString = nil}

  public var input: [Onnx_ValueInfoProto] = []

  public var output: [Onnx_ValueInfoProto] = []

  public var valueInfo: [Onnx_ValueInfoProto] = []

  public var quantizationAnnotation: [Onnx_TensorAnnotation] = []

  public var metadataProps: [Onnx_StringStringEntryProto] = []

  public var unknownFields = SwiftProtobuf.UnknownStorage()

  public init() {}

  fileprivate var _name: String? = nil
  fileprivate var _docString: String? = nil
}

public nonisolated struct Onnx_TensorProto: Sendable {

  public var dims: [Int64] = []

  public var dataType: Int32 {
    get {_dataType ?? 0}
    set {_dataType = newValue}
  }
  public var hasDataType: Bool {self._dataType != nil}
  public mutating func clearDataType() {self._dataType = nil}

  public var segment: Onnx_TensorProto.Segment {
    get {_segment ?? Onnx_TensorProto.Segment()}
    set {_segment = newValue}
  }
  public var hasSegment: Bool {self._segment != nil}
  public mutating func clearSegment() {self._segment = nil}

  public var floatData: [Float] = []

  public var int32Data: [Int32] = []

  public var stringData: [Data] = []

  public var int64Data: [Int64] = []

  public var name: String {
    get {_name ?? String()}
    set {_name = newValue}
  }
  public var hasName: Bool {self._name != nil}
  public mutating func clearName() {self._name = nil}

  public var docString: String {
    get {_docString ?? String()}
    set {_docString = newValue}
  }
  public var hasDocString: Bool {self._docString != nil}
  public mutating func clearDocString() {self._docString = nil}

  public var rawData: Data {
    get {_rawData ?? Data()}
    set {_rawData = newValue}
  }
  public var hasRawData: Bool {self._rawData != nil}
  public mutating func clearRawData() {self._rawData = nil}

  public var externalData: [Onnx_StringStringEntryProto] = []

  public var dataLocation: Onnx_TensorProto.DataLocation {
    get {_dataLocation ?? .default}
    set {_dataLocation = newValue}
  }
  public var hasDataLocation: Bool {self._dataLocation != nil}
  public mutating func clearDataLocation() {self._dataLocation = nil}

  public var doubleData: [Double] = []

  public var uint64Data: [UInt64] = []

  public var metadataProps: [Onnx_StringStringEntryProto] = []

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
    case float8E4M3Fn = 17
    case float8E4M3Fnuz = 18
    case float8E5M2 = 19
    case float8E5M2Fnuz = 20
    case uint4 = 21
    case int4 = 22
    case float4E2M1 = 23
    case float8E8M0 = 24
    case uint2 = 25
    case int2 = 26
    case float6E2M3 = 27
    case float6E3M2 = 28

    public init() {
      self = .undefined
    }

  }

  public nonisolated enum DataLocation: Int, SwiftProtobuf.Enum, Swift.CaseIterable {
    case `default` = 0
    case external = 1

    public init() {
      self = .default
    }

  }

  public nonisolated struct Segment: Sendable {

    public var begin: Int64 {
      get {_begin ?? 0}
      set {_begin = newValue}
    }
    public var hasBegin: Bool {self._begin != nil}
    public mutating func clearBegin() {self._begin = nil}

    public var end: Int64 {
      get {_end ?? 0}
      set {_end = newValue}
    }
    public var hasEnd: Bool {self._end != nil}
    public mutating func clearEnd() {self._end = nil}

    public var unknownFields = SwiftProtobuf.UnknownStorage()

    public init() {}

    fileprivate var _begin: Int64? = nil
    fileprivate var _end: Int64? = nil
  }

  public init() {}

  fileprivate var _dataType: Int32? = nil
  fileprivate var _segment: Onnx_TensorProto.Segment? = nil
  fileprivate var _name: String? = nil
  fileprivate var _docString: String? = nil
  fileprivate var _rawData: Data? = nil
  fileprivate var _dataLocation: Onnx_TensorProto.DataLocation? = nil
}

public nonisolated struct Onnx_SparseTensorProto: @unchecked Sendable {

  public var values: Onnx_TensorProto {
    get {_storage._values ?? Onnx_TensorProto()}
    set {_uniqueStorage()._values = newValue}
  }
  public var hasValues: Bool {_storage._values != nil}
  public mutating func clearValues() {_uniqueStorage()._values = nil}

  public var indices: Onnx_TensorProto {
    get {_storage._indices ?? Onnx_TensorProto()}
    set {_uniqueStorage()._indices = newValue}
  }
  public var hasIndices: Bool {_storage._indices != nil}
  public mutating func clearIndices() {_uniqueStorage()._indices = nil}

  public var dims: [Int64] {
    get {_storage._dims}
    set {_uniqueStorage()._dims = newValue}
  }

  public var unknownFields = SwiftProtobuf.UnknownStorage()

  public init() {}

  fileprivate var _storage = _StorageClass.defaultInstance
}

public nonisolated struct Onnx_TensorShapeProto: Sendable {

  public var dim: [Onnx_TensorShapeProto.Dimension] = []

  public var unknownFields = SwiftProtobuf.UnknownStorage()

  public nonisolated struct Dimension: Sendable {

    public var value: Onnx_TensorShapeProto.Dimension.OneOf_Value? = nil

    public var dimValue: Int64 {
      get {
        if case .dimValue(let v)? = value {return v}
        return 0
      }
      set {value = .dimValue(newValue)}
    }

    public var dimParam: String {
      get {
        if case .dimParam(let v)? = value {return v}
        return String()
      }
      set {value = .dimParam(newValue)}
    }

    public var denotation: String {
      get {_denotation ?? String()}
      set {_denotation = newValue}
    }
    public var hasDenotation: Bool {self._denotation != nil}
    public mutating func clearDenotation() {self._denotation = nil}

    public var unknownFields = SwiftProtobuf.UnknownStorage()

    public nonisolated enum OneOf_Value: Equatable, Sendable {
      case dimValue(Int64)
      case dimParam(String)

    }

    public init() {}

    fileprivate var _denotation: String? = nil
  }

  public init() {}
}

public nonisolated struct Onnx_TypeProto: @unchecked Sendable {

  public var value: OneOf_Value? {
    get {return _storage._value}
    set {_uniqueStorage()._value = newValue}
  }

  public var tensorType: Onnx_TypeProto.Tensor {
    get {
      if case .tensorType(let v)? = _storage._value {return v}
      return Onnx_TypeProto.Tensor()
    }
    set {_uniqueStorage()._value = .tensorType(newValue)}
  }

  public var sequenceType: Onnx_TypeProto.Sequence {
    get {
      if case .sequenceType(let v)? = _storage._value {return v}
      return Onnx_TypeProto.Sequence()
    }
    set {_uniqueStorage()._value = .sequenceType(newValue)}
  }

  public var mapType: Onnx_TypeProto.Map {
    get {
      if case .mapType(let v)? = _storage._value {return v}
      return Onnx_TypeProto.Map()
    }
    set {_uniqueStorage()._value = .mapType(newValue)}
  }

  public var optionalType: Onnx_TypeProto.Optional {
    get {
      if case .optionalType(let v)? = _storage._value {return v}
      return Onnx_TypeProto.Optional()
    }
    set {_uniqueStorage()._value = .optionalType(newValue)}
  }

  public var sparseTensorType: Onnx_TypeProto.SparseTensor {
    get {
      if case .sparseTensorType(let v)? = _storage._value {return v}
      return Onnx_TypeProto.SparseTensor()
    }
    set {_uniqueStorage()._value = .sparseTensorType(newValue)}
  }

  public var opaqueType: Onnx_TypeProto.Opaque {
    get {
      if case .opaqueType(let v)? = _storage._value {return v}
      return Onnx_TypeProto.Opaque()
    }
    set {_uniqueStorage()._value = .opaqueType(newValue)}
  }

  public var denotation: String {
    get {_storage._denotation ?? String()}
    set {_uniqueStorage()._denotation = newValue}
  }
  public var hasDenotation: Bool {_storage._denotation != nil}
  public mutating func clearDenotation() {_uniqueStorage()._denotation = nil}

  public var unknownFields = SwiftProtobuf.UnknownStorage()

  public nonisolated enum OneOf_Value: Equatable, Sendable {
    case tensorType(Onnx_TypeProto.Tensor)
    case sequenceType(Onnx_TypeProto.Sequence)
    case mapType(Onnx_TypeProto.Map)
    case optionalType(Onnx_TypeProto.Optional)
    case sparseTensorType(Onnx_TypeProto.SparseTensor)
    case opaqueType(Onnx_TypeProto.Opaque)

  }

  public nonisolated struct Tensor: Sendable {

    public var elemType: Int32 {
      get {_elemType ?? 0}
      set {_elemType = newValue}
    }
    public var hasElemType: Bool {self._elemType != nil}
    public mutating func clearElemType() {self._elemType = nil}

    public var shape: Onnx_TensorShapeProto {
      get {_shape ?? Onnx_TensorShapeProto()}
      set {_shape = newValue}
    }
    public var hasShape: Bool {self._shape != nil}
    public mutating func clearShape() {self._shape = nil}

    public var unknownFields = SwiftProtobuf.UnknownStorage()

    public init() {}

    fileprivate var _elemType: Int32? = nil
    fileprivate var _shape: Onnx_TensorShapeProto? = nil
  }

  public nonisolated struct Sequence: @unchecked Sendable {

    public var elemType: Onnx_TypeProto {
      get {_storage._elemType ?? Onnx_TypeProto()}
      set {_uniqueStorage()._elemType = newValue}
    }
    public var hasElemType: Bool {_storage._elemType != nil}
    public mutating func clearElemType() {_uniqueStorage()._elemType = nil}

    public var unknownFields = SwiftProtobuf.UnknownStorage()

    public init() {}

    fileprivate var _storage = _StorageClass.defaultInstance
  }

  public nonisolated struct Map: @unchecked Sendable {

    public var keyType: Int32 {
      get {_storage._keyType ?? 0}
      set {_uniqueStorage()._keyType = newValue}
    }
    public var hasKeyType: Bool {_storage._keyType != nil}
    public mutating func clearKeyType() {_uniqueStorage()._keyType = nil}

    public var valueType: Onnx_TypeProto {
      get {_storage._valueType ?? Onnx_TypeProto()}
      set {_uniqueStorage()._valueType = newValue}
    }
    public var hasValueType: Bool {_storage._valueType != nil}
    public mutating func clearValueType() {_uniqueStorage()._valueType = nil}

    public var unknownFields = SwiftProtobuf.UnknownStorage()

    public init() {}

    fileprivate var _storage = _StorageClass.defaultInstance
  }

  public nonisolated struct Optional: @unchecked Sendable {

    public var elemType: Onnx_TypeProto {
      get {_storage._elemType ?? Onnx_TypeProto()}
      set {_uniqueStorage()._elemType = newValue}
    }
    public var hasElemType: Bool {_storage._elemType != nil}
    public mutating func clearElemType() {_uniqueStorage()._elemType = nil}

    public var unknownFields = SwiftProtobuf.UnknownStorage()

    public init() {}

    fileprivate var _storage = _StorageClass.defaultInstance
  }

  public nonisolated struct SparseTensor: Sendable {

    public var elemType: Int32 {
      get {_elemType ?? 0}
      set {_elemType = newValue}
    }
    public var hasElemType: Bool {self._elemType != nil}
    public mutating func clearElemType() {self._elemType = nil}

    public var shape: Onnx_TensorShapeProto {
      get {_shape ?? Onnx_TensorShapeProto()}
      set {_shape = newValue}
    }
    public var hasShape: Bool {self._shape != nil}
    public mutating func clearShape() {self._shape = nil}

    public var unknownFields = SwiftProtobuf.UnknownStorage()

    public init() {}

    fileprivate var _elemType: Int32? = nil
    fileprivate var _shape: Onnx_TensorShapeProto? = nil
  }

  public nonisolated struct Opaque: Sendable {

    public var domain: String {
      get {_domain ?? String()}
      set {_domain = newValue}
    }
    public var hasDomain: Bool {self._domain != nil}
    public mutating func clearDomain() {self._domain = nil}

    public var name: String {
      get {_name ?? String()}
      set {_name = newValue}
    }
    public var hasName: Bool {self._name != nil}
    public mutating func clearName() {self._name = nil}

    public var unknownFields = SwiftProtobuf.UnknownStorage()

    public init() {}

    fileprivate var _domain: String? = nil
    fileprivate var _name: String? = nil
  }

  public init() {}

  fileprivate var _storage = _StorageClass.defaultInstance
}

public nonisolated struct Onnx_OperatorSetIdProto: Sendable {

  public var domain: String {
    get {_domain ?? String()}
    set {_domain = newValue}
  }
  public var hasDomain: Bool {self._domain != nil}
  public mutating func clearDomain() {self._domain = nil}

  public var version: Int64 {
    get {_version ?? 0}
    set {_version = newValue}
  }
  public var hasVersion: Bool {self._version != nil}
  public mutating func clearVersion() {self._version = nil}

  public var unknownFields = SwiftProtobuf.UnknownStorage()

  public init() {}

  fileprivate var _domain: String? = nil
  fileprivate var _version: Int64? = nil
}

public nonisolated struct Onnx_FunctionProto: Sendable {

  public var name: String {
    get {_name ?? String()}
    set {_name = newValue}
  }
  public var hasName: Bool {self._name != nil}
  public mutating func clearName() {self._name = nil}

  public var input: [String] = []

  public var output: [String] = []

  public var attribute: [String] = []

  public var attributeProto: [Onnx_AttributeProto] = []

  public var node: [Onnx_NodeProto] = []

  public var docString: String {
    get {_docString ?? String()}
    set {_docString = newValue}
  }
  public var hasDocString: Bool {self._docString != nil}
  public mutating func clearDocString() {self._docString = nil}

  public var opsetImport: [Onnx_OperatorSetIdProto] = []

  public var domain: String {
    get {_domain ?? String()}
    set {_domain = newValue}
  }
  public var hasDomain: Bool {self._domain != nil}
  public mutating func clearDomain() {self._domain = nil}

  public var overload: String {
    get {_overload ?? String()}
    set {_overload = newValue}
  }
  public var hasOverload: Bool {self._overload != nil}
  public mutating func clearOverload() {self._overload = nil}

  public var valueInfo: [Onnx_ValueInfoProto] = []

  public var metadataProps: [Onnx_StringStringEntryProto] = []

  public var unknownFields = SwiftProtobuf.UnknownStorage()

  public init() {}

  fileprivate var _name: String? = nil
  fileprivate var _docString: String? = nil
  fileprivate var _domain: String? = nil
  fileprivate var _overload: String? = nil
}

fileprivate nonisolated let _protobuf_package = "onnx"

nonisolated extension Onnx_Version: SwiftProtobuf._ProtoNameProviding {
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{2}\0_START_VERSION\0\u{1}IR_VERSION_2017_10_10\0\u{1}IR_VERSION_2017_10_30\0\u{1}IR_VERSION_2017_11_3\0\u{1}IR_VERSION_2019_1_22\0\u{1}IR_VERSION_2019_3_18\0\u{1}IR_VERSION_2019_9_19\0\u{1}IR_VERSION_2020_5_8\0\u{1}IR_VERSION_2021_7_30\0\u{1}IR_VERSION_2023_5_5\0\u{1}IR_VERSION_2024_3_25\0\u{1}IR_VERSION_2025_05_12\0\u{1}IR_VERSION_2025_08_26\0\u{1}IR_VERSION_2025_11_06\0\u{1}IR_VERSION\0")
}

nonisolated extension Onnx_OperatorStatus: SwiftProtobuf._ProtoNameProviding {
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{2}\0EXPERIMENTAL\0\u{1}STABLE\0")
}

nonisolated extension Onnx_AttributeProto: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = _protobuf_package + ".AttributeProto"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{1}name\0\u{1}f\0\u{1}i\0\u{1}s\0\u{1}t\0\u{1}g\0\u{1}floats\0\u{1}ints\0\u{1}strings\0\u{1}tensors\0\u{1}graphs\0\u{4}\u{2}doc_string\0\u{1}tp\0\u{3}type_protos\0\u{2}\u{5}type\0\u{3}ref_attr_name\0\u{3}sparse_tensor\0\u{3}sparse_tensors\0")

  fileprivate class _StorageClass {
    var _name: String? = nil
    var _refAttrName: String? = nil
    var _docString: String? = nil
    var _type: Onnx_AttributeProto.AttributeType? = nil
    var _f: Float? = nil
    var _i: Int64? = nil
    var _s: Data? = nil
    var _t: Onnx_TensorProto? = nil
    var _g: Onnx_GraphProto? = nil
    var _sparseTensor: Onnx_SparseTensorProto? = nil
    var _tp: Onnx_TypeProto? = nil
    var _floats: [Float] = []
    var _ints: [Int64] = []
    var _strings: [Data] = []
    var _tensors: [Onnx_TensorProto] = []
    var _graphs: [Onnx_GraphProto] = []
    var _sparseTensors: [Onnx_SparseTensorProto] = []
    var _typeProtos: [Onnx_TypeProto] = []

      static nonisolated(unsafe) let defaultInstance = _StorageClass()

    private init() {}

    init(copying source: _StorageClass) {
      _name = source._name
      _refAttrName = source._refAttrName
      _docString = source._docString
      _type = source._type
      _f = source._f
      _i = source._i
      _s = source._s
      _t = source._t
      _g = source._g
      _sparseTensor = source._sparseTensor
      _tp = source._tp
      _floats = source._floats
      _ints = source._ints
      _strings = source._strings
      _tensors = source._tensors
      _graphs = source._graphs
      _sparseTensors = source._sparseTensors
      _typeProtos = source._typeProtos
    }
  }

  fileprivate mutating func _uniqueStorage() -> _StorageClass {
    if !isKnownUniquelyReferenced(&_storage) {
      _storage = _StorageClass(copying: _storage)
    }
    return _storage
  }

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    _ = _uniqueStorage()
    try withExtendedLifetime(_storage) { (_storage: _StorageClass) in
      while let fieldNumber = try decoder.nextFieldNumber() {
        switch fieldNumber {
        case 1: try { try decoder.decodeSingularStringField(value: &_storage._name) }()
        case 2: try { try decoder.decodeSingularFloatField(value: &_storage._f) }()
        case 3: try { try decoder.decodeSingularInt64Field(value: &_storage._i) }()
        case 4: try { try decoder.decodeSingularBytesField(value: &_storage._s) }()
        case 5: try { try decoder.decodeSingularMessageField(value: &_storage._t) }()
        case 6: try { try decoder.decodeSingularMessageField(value: &_storage._g) }()
        case 7: try { try decoder.decodeRepeatedFloatField(value: &_storage._floats) }()
        case 8: try { try decoder.decodeRepeatedInt64Field(value: &_storage._ints) }()
        case 9: try { try decoder.decodeRepeatedBytesField(value: &_storage._strings) }()
        case 10: try { try decoder.decodeRepeatedMessageField(value: &_storage._tensors) }()
        case 11: try { try decoder.decodeRepeatedMessageField(value: &_storage._graphs) }()
        case 13: try { try decoder.decodeSingularStringField(value: &_storage._docString) }()
        case 14: try { try decoder.decodeSingularMessageField(value: &_storage._tp) }()
        case 15: try { try decoder.decodeRepeatedMessageField(value: &_storage._typeProtos) }()
        case 20: try { try decoder.decodeSingularEnumField(value: &_storage._type) }()
        case 21: try { try decoder.decodeSingularStringField(value: &_storage._refAttrName) }()
        case 22: try { try decoder.decodeSingularMessageField(value: &_storage._sparseTensor) }()
        case 23: try { try decoder.decodeRepeatedMessageField(value: &_storage._sparseTensors) }()
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
      try { if let v = _storage._s {
        try visitor.visitSingularBytesField(value: v, fieldNumber: 4)
      } }()
      try { if let v = _storage._t {
        try visitor.visitSingularMessageField(value: v, fieldNumber: 5)
      } }()
      try { if let v = _storage._g {
        try visitor.visitSingularMessageField(value: v, fieldNumber: 6)
      } }()
      if !_storage._floats.isEmpty {
        try visitor.visitRepeatedFloatField(value: _storage._floats, fieldNumber: 7)
      }
      if !_storage._ints.isEmpty {
        try visitor.visitRepeatedInt64Field(value: _storage._ints, fieldNumber: 8)
      }
      if !_storage._strings.isEmpty {
        try visitor.visitRepeatedBytesField(value: _storage._strings, fieldNumber: 9)
      }
      if !_storage._tensors.isEmpty {
        try visitor.visitRepeatedMessageField(value: _storage._tensors, fieldNumber: 10)
      }
      if !_storage._graphs.isEmpty {
        try visitor.visitRepeatedMessageField(value: _storage._graphs, fieldNumber: 11)
      }
      try { if let v = _storage._docString {
        try visitor.visitSingularStringField(value: v, fieldNumber: 13)
      } }()
      try { if let v = _storage._tp {
        try visitor.visitSingularMessageField(value: v, fieldNumber: 14)
      } }()
      if !_storage._typeProtos.isEmpty {
        try visitor.visitRepeatedMessageField(value: _storage._typeProtos, fieldNumber: 15)
      }
      try { if let v = _storage._type {
        try visitor.visitSingularEnumField(value: v, fieldNumber: 20)
      } }()
      try { if let v = _storage._refAttrName {
        try visitor.visitSingularStringField(value: v, fieldNumber: 21)
      } }()
      try { if let v = _storage._sparseTensor {
        try visitor.visitSingularMessageField(value: v, fieldNumber: 22)
      } }()
      if !_storage._sparseTensors.isEmpty {
        try visitor.visitRepeatedMessageField(value: _storage._sparseTensors, fieldNumber: 23)
      }
    }
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: Onnx_AttributeProto, rhs: Onnx_AttributeProto) -> Bool {
    if lhs._storage !== rhs._storage {
      let storagesAreEqual: Bool = withExtendedLifetime((lhs._storage, rhs._storage)) { (_args: (_StorageClass, _StorageClass)) in
        let _storage = _args.0
        let rhs_storage = _args.1
        if _storage._name != rhs_storage._name {return false}
        if _storage._refAttrName != rhs_storage._refAttrName {return false}
        if _storage._docString != rhs_storage._docString {return false}
        if _storage._type != rhs_storage._type {return false}
        if _storage._f != rhs_storage._f {return false}
        if _storage._i != rhs_storage._i {return false}
        if _storage._s != rhs_storage._s {return false}
        if _storage._t != rhs_storage._t {return false}
        if _storage._g != rhs_storage._g {return false}
        if _storage._sparseTensor != rhs_storage._sparseTensor {return false}
        if _storage._tp != rhs_storage._tp {return false}
        if _storage._floats != rhs_storage._floats {return false}
        if _storage._ints != rhs_storage._ints {return false}
        if _storage._strings != rhs_storage._strings {return false}
        if _storage._tensors != rhs_storage._tensors {return false}
        if _storage._graphs != rhs_storage._graphs {return false}
        if _storage._sparseTensors != rhs_storage._sparseTensors {return false}
        if _storage._typeProtos != rhs_storage._typeProtos {return false}
        return true
      }
      if !storagesAreEqual {return false}
    }
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}

nonisolated extension Onnx_AttributeProto.AttributeType: SwiftProtobuf._ProtoNameProviding {
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{2}\0UNDEFINED\0\u{1}FLOAT\0\u{1}INT\0\u{1}STRING\0\u{1}TENSOR\0\u{1}GRAPH\0\u{1}FLOATS\0\u{1}INTS\0\u{1}STRINGS\0\u{1}TENSORS\0\u{1}GRAPHS\0\u{1}SPARSE_TENSOR\0\u{1}SPARSE_TENSORS\0\u{1}TYPE_PROTO\0\u{1}TYPE_PROTOS\0")
}

nonisolated extension Onnx_ValueInfoProto: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = _protobuf_package + ".ValueInfoProto"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{1}name\0\u{1}type\0\u{3}doc_string\0\u{3}metadata_props\0")

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    while let fieldNumber = try decoder.nextFieldNumber() {
      switch fieldNumber {
      case 1: try { try decoder.decodeSingularStringField(value: &self._name) }()
      case 2: try { try decoder.decodeSingularMessageField(value: &self._type) }()
      case 3: try { try decoder.decodeSingularStringField(value: &self._docString) }()
      case 4: try { try decoder.decodeRepeatedMessageField(value: &self.metadataProps) }()
      default: break
      }
    }
  }

  public func traverse<V: SwiftProtobuf.Visitor>(visitor: inout V) throws {
    try { if let v = self._name {
      try visitor.visitSingularStringField(value: v, fieldNumber: 1)
    } }()
    try { if let v = self._type {
      try visitor.visitSingularMessageField(value: v, fieldNumber: 2)
    } }()
    try { if let v = self._docString {
      try visitor.visitSingularStringField(value: v, fieldNumber: 3)
    } }()
    if !self.metadataProps.isEmpty {
      try visitor.visitRepeatedMessageField(value: self.metadataProps, fieldNumber: 4)
    }
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: Onnx_ValueInfoProto, rhs: Onnx_ValueInfoProto) -> Bool {
    if lhs._name != rhs._name {return false}
    if lhs._type != rhs._type {return false}
    if lhs._docString != rhs._docString {return false}
    if lhs.metadataProps != rhs.metadataProps {return false}
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}

nonisolated extension Onnx_NodeProto: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = _protobuf_package + ".NodeProto"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{1}input\0\u{1}output\0\u{1}name\0\u{3}op_type\0\u{1}attribute\0\u{3}doc_string\0\u{1}domain\0\u{1}overload\0\u{3}metadata_props\0\u{3}device_configurations\0")

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
      case 8: try { try decoder.decodeSingularStringField(value: &self._overload) }()
      case 9: try { try decoder.decodeRepeatedMessageField(value: &self.metadataProps) }()
      case 10: try { try decoder.decodeRepeatedMessageField(value: &self.deviceConfigurations) }()
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
    try { if let v = self._overload {
      try visitor.visitSingularStringField(value: v, fieldNumber: 8)
    } }()
    if !self.metadataProps.isEmpty {
      try visitor.visitRepeatedMessageField(value: self.metadataProps, fieldNumber: 9)
    }
    if !self.deviceConfigurations.isEmpty {
      try visitor.visitRepeatedMessageField(value: self.deviceConfigurations, fieldNumber: 10)
    }
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: Onnx_NodeProto, rhs: Onnx_NodeProto) -> Bool {
    if lhs.input != rhs.input {return false}
    if lhs.output != rhs.output {return false}
    if lhs._name != rhs._name {return false}
    if lhs._opType != rhs._opType {return false}
    if lhs._domain != rhs._domain {return false}
    if lhs._overload != rhs._overload {return false}
    if lhs.attribute != rhs.attribute {return false}
    if lhs._docString != rhs._docString {return false}
    if lhs.metadataProps != rhs.metadataProps {return false}
    if lhs.deviceConfigurations != rhs.deviceConfigurations {return false}
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}

nonisolated extension Onnx_IntIntListEntryProto: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = _protobuf_package + ".IntIntListEntryProto"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{1}key\0\u{1}value\0")

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    while let fieldNumber = try decoder.nextFieldNumber() {
      switch fieldNumber {
      case 1: try { try decoder.decodeSingularInt64Field(value: &self._key) }()
      case 2: try { try decoder.decodeRepeatedInt64Field(value: &self.value) }()
      default: break
      }
    }
  }

  public func traverse<V: SwiftProtobuf.Visitor>(visitor: inout V) throws {
    try { if let v = self._key {
      try visitor.visitSingularInt64Field(value: v, fieldNumber: 1)
    } }()
    if !self.value.isEmpty {
      try visitor.visitRepeatedInt64Field(value: self.value, fieldNumber: 2)
    }
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: Onnx_IntIntListEntryProto, rhs: Onnx_IntIntListEntryProto) -> Bool {
    if lhs._key != rhs._key {return false}
    if lhs.value != rhs.value {return false}
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}

nonisolated extension Onnx_NodeDeviceConfigurationProto: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = _protobuf_package + ".NodeDeviceConfigurationProto"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{3}configuration_id\0\u{3}sharding_spec\0\u{3}pipeline_stage\0")

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    while let fieldNumber = try decoder.nextFieldNumber() {
      switch fieldNumber {
      case 1: try { try decoder.decodeSingularStringField(value: &self._configurationID) }()
      case 2: try { try decoder.decodeRepeatedMessageField(value: &self.shardingSpec) }()
      case 3: try { try decoder.decodeSingularInt32Field(value: &self._pipelineStage) }()
      default: break
      }
    }
  }

  public func traverse<V: SwiftProtobuf.Visitor>(visitor: inout V) throws {
    try { if let v = self._configurationID {
      try visitor.visitSingularStringField(value: v, fieldNumber: 1)
    } }()
    if !self.shardingSpec.isEmpty {
      try visitor.visitRepeatedMessageField(value: self.shardingSpec, fieldNumber: 2)
    }
    try { if let v = self._pipelineStage {
      try visitor.visitSingularInt32Field(value: v, fieldNumber: 3)
    } }()
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: Onnx_NodeDeviceConfigurationProto, rhs: Onnx_NodeDeviceConfigurationProto) -> Bool {
    if lhs._configurationID != rhs._configurationID {return false}
    if lhs.shardingSpec != rhs.shardingSpec {return false}
    if lhs._pipelineStage != rhs._pipelineStage {return false}
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}

nonisolated extension Onnx_ShardingSpecProto: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = _protobuf_package + ".ShardingSpecProto"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{3}tensor_name\0\u{1}device\0\u{3}index_to_device_group_map\0\u{3}sharded_dim\0")

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    while let fieldNumber = try decoder.nextFieldNumber() {
      switch fieldNumber {
      case 1: try { try decoder.decodeSingularStringField(value: &self._tensorName) }()
      case 2: try { try decoder.decodeRepeatedInt64Field(value: &self.device) }()
      case 3: try { try decoder.decodeRepeatedMessageField(value: &self.indexToDeviceGroupMap) }()
      case 4: try { try decoder.decodeRepeatedMessageField(value: &self.shardedDim) }()
      default: break
      }
    }
  }

  public func traverse<V: SwiftProtobuf.Visitor>(visitor: inout V) throws {
    try { if let v = self._tensorName {
      try visitor.visitSingularStringField(value: v, fieldNumber: 1)
    } }()
    if !self.device.isEmpty {
      try visitor.visitRepeatedInt64Field(value: self.device, fieldNumber: 2)
    }
    if !self.indexToDeviceGroupMap.isEmpty {
      try visitor.visitRepeatedMessageField(value: self.indexToDeviceGroupMap, fieldNumber: 3)
    }
    if !self.shardedDim.isEmpty {
      try visitor.visitRepeatedMessageField(value: self.shardedDim, fieldNumber: 4)
    }
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: Onnx_ShardingSpecProto, rhs: Onnx_ShardingSpecProto) -> Bool {
    if lhs._tensorName != rhs._tensorName {return false}
    if lhs.device != rhs.device {return false}
    if lhs.indexToDeviceGroupMap != rhs.indexToDeviceGroupMap {return false}
    if lhs.shardedDim != rhs.shardedDim {return false}
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}

nonisolated extension Onnx_ShardedDimProto: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = _protobuf_package + ".ShardedDimProto"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{1}axis\0\u{3}simple_sharding\0")

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    while let fieldNumber = try decoder.nextFieldNumber() {
      switch fieldNumber {
      case 1: try { try decoder.decodeSingularInt64Field(value: &self._axis) }()
      case 2: try { try decoder.decodeRepeatedMessageField(value: &self.simpleSharding) }()
      default: break
      }
    }
  }

  public func traverse<V: SwiftProtobuf.Visitor>(visitor: inout V) throws {
    try { if let v = self._axis {
      try visitor.visitSingularInt64Field(value: v, fieldNumber: 1)
    } }()
    if !self.simpleSharding.isEmpty {
      try visitor.visitRepeatedMessageField(value: self.simpleSharding, fieldNumber: 2)
    }
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: Onnx_ShardedDimProto, rhs: Onnx_ShardedDimProto) -> Bool {
    if lhs._axis != rhs._axis {return false}
    if lhs.simpleSharding != rhs.simpleSharding {return false}
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}

nonisolated extension Onnx_SimpleShardedDimProto: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = _protobuf_package + ".SimpleShardedDimProto"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{3}dim_value\0\u{3}dim_param\0\u{3}num_shards\0")

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    while let fieldNumber = try decoder.nextFieldNumber() {
      switch fieldNumber {
      case 1: try {
        var v: Int64?
        try decoder.decodeSingularInt64Field(value: &v)
        if let v = v {
          if self.dim != nil {try decoder.handleConflictingOneOf()}
          self.dim = .dimValue(v)
        }
      }()
      case 2: try {
        var v: String?
        try decoder.decodeSingularStringField(value: &v)
        if let v = v {
          if self.dim != nil {try decoder.handleConflictingOneOf()}
          self.dim = .dimParam(v)
        }
      }()
      case 3: try { try decoder.decodeSingularInt64Field(value: &self._numShards) }()
      default: break
      }
    }
  }

  public func traverse<V: SwiftProtobuf.Visitor>(visitor: inout V) throws {
    switch self.dim {
    case .dimValue?: try {
      guard case .dimValue(let v)? = self.dim else { preconditionFailure() }
      try visitor.visitSingularInt64Field(value: v, fieldNumber: 1)
    }()
    case .dimParam?: try {
      guard case .dimParam(let v)? = self.dim else { preconditionFailure() }
      try visitor.visitSingularStringField(value: v, fieldNumber: 2)
    }()
    case nil: break
    }
    try { if let v = self._numShards {
      try visitor.visitSingularInt64Field(value: v, fieldNumber: 3)
    } }()
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: Onnx_SimpleShardedDimProto, rhs: Onnx_SimpleShardedDimProto) -> Bool {
    if lhs.dim != rhs.dim {return false}
    if lhs._numShards != rhs._numShards {return false}
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}

nonisolated extension Onnx_TrainingInfoProto: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = _protobuf_package + ".TrainingInfoProto"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{1}initialization\0\u{1}algorithm\0\u{3}initialization_binding\0\u{3}update_binding\0")

  fileprivate class _StorageClass {
    var _initialization: Onnx_GraphProto? = nil
    var _algorithm: Onnx_GraphProto? = nil
    var _initializationBinding: [Onnx_StringStringEntryProto] = []
    var _updateBinding: [Onnx_StringStringEntryProto] = []

      static nonisolated(unsafe) let defaultInstance = _StorageClass()

    private init() {}

    init(copying source: _StorageClass) {
      _initialization = source._initialization
      _algorithm = source._algorithm
      _initializationBinding = source._initializationBinding
      _updateBinding = source._updateBinding
    }
  }

  fileprivate mutating func _uniqueStorage() -> _StorageClass {
    if !isKnownUniquelyReferenced(&_storage) {
      _storage = _StorageClass(copying: _storage)
    }
    return _storage
  }

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    _ = _uniqueStorage()
    try withExtendedLifetime(_storage) { (_storage: _StorageClass) in
      while let fieldNumber = try decoder.nextFieldNumber() {
        switch fieldNumber {
        case 1: try { try decoder.decodeSingularMessageField(value: &_storage._initialization) }()
        case 2: try { try decoder.decodeSingularMessageField(value: &_storage._algorithm) }()
        case 3: try { try decoder.decodeRepeatedMessageField(value: &_storage._initializationBinding) }()
        case 4: try { try decoder.decodeRepeatedMessageField(value: &_storage._updateBinding) }()
        default: break
        }
      }
    }
  }

  public func traverse<V: SwiftProtobuf.Visitor>(visitor: inout V) throws {
    try withExtendedLifetime(_storage) { (_storage: _StorageClass) in
      try { if let v = _storage._initialization {
        try visitor.visitSingularMessageField(value: v, fieldNumber: 1)
      } }()
      try { if let v = _storage._algorithm {
        try visitor.visitSingularMessageField(value: v, fieldNumber: 2)
      } }()
      if !_storage._initializationBinding.isEmpty {
        try visitor.visitRepeatedMessageField(value: _storage._initializationBinding, fieldNumber: 3)
      }
      if !_storage._updateBinding.isEmpty {
        try visitor.visitRepeatedMessageField(value: _storage._updateBinding, fieldNumber: 4)
      }
    }
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: Onnx_TrainingInfoProto, rhs: Onnx_TrainingInfoProto) -> Bool {
    if lhs._storage !== rhs._storage {
      let storagesAreEqual: Bool = withExtendedLifetime((lhs._storage, rhs._storage)) { (_args: (_StorageClass, _StorageClass)) in
        let _storage = _args.0
        let rhs_storage = _args.1
        if _storage._initialization != rhs_storage._initialization {return false}
        if _storage._algorithm != rhs_storage._algorithm {return false}
        if _storage._initializationBinding != rhs_storage._initializationBinding {return false}
        if _storage._updateBinding != rhs_storage._updateBinding {return false}
        return true
      }
      if !storagesAreEqual {return false}
    }
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}

nonisolated extension Onnx_ModelProto: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = _protobuf_package + ".ModelProto"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{3}ir_version\0\u{3}producer_name\0\u{3}producer_version\0\u{1}domain\0\u{3}model_version\0\u{3}doc_string\0\u{1}graph\0\u{3}opset_import\0\u{4}\u{6}metadata_props\0\u{4}\u{6}training_info\0\u{2}\u{5}functions\0\u{1}configuration\0")

  fileprivate class _StorageClass {
    var _irVersion: Int64? = nil
    var _opsetImport: [Onnx_OperatorSetIdProto] = []
    var _producerName: String? = nil
    var _producerVersion: String? = nil
    var _domain: String? = nil
    var _modelVersion: Int64? = nil
    var _docString: String? = nil
    var _graph: Onnx_GraphProto? = nil
    var _metadataProps: [Onnx_StringStringEntryProto] = []
    var _trainingInfo: [Onnx_TrainingInfoProto] = []
    var _functions: [Onnx_FunctionProto] = []
    var _configuration: [Onnx_DeviceConfigurationProto] = []

      static nonisolated(unsafe) let defaultInstance = _StorageClass()

    private init() {}

    init(copying source: _StorageClass) {
      _irVersion = source._irVersion
      _opsetImport = source._opsetImport
      _producerName = source._producerName
      _producerVersion = source._producerVersion
      _domain = source._domain
      _modelVersion = source._modelVersion
      _docString = source._docString
      _graph = source._graph
      _metadataProps = source._metadataProps
      _trainingInfo = source._trainingInfo
      _functions = source._functions
      _configuration = source._configuration
    }
  }

  fileprivate mutating func _uniqueStorage() -> _StorageClass {
    if !isKnownUniquelyReferenced(&_storage) {
      _storage = _StorageClass(copying: _storage)
    }
    return _storage
  }

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    _ = _uniqueStorage()
    try withExtendedLifetime(_storage) { (_storage: _StorageClass) in
      while let fieldNumber = try decoder.nextFieldNumber() {
        switch fieldNumber {
        case 1: try { try decoder.decodeSingularInt64Field(value: &_storage._irVersion) }()
        case 2: try { try decoder.decodeSingularStringField(value: &_storage._producerName) }()
        case 3: try { try decoder.decodeSingularStringField(value: &_storage._producerVersion) }()
        case 4: try { try decoder.decodeSingularStringField(value: &_storage._domain) }()
        case 5: try { try decoder.decodeSingularInt64Field(value: &_storage._modelVersion) }()
        case 6: try { try decoder.decodeSingularStringField(value: &_storage._docString) }()
        case 7: try { try decoder.decodeSingularMessageField(value: &_storage._graph) }()
        case 8: try { try decoder.decodeRepeatedMessageField(value: &_storage._opsetImport) }()
        case 14: try { try decoder.decodeRepeatedMessageField(value: &_storage._metadataProps) }()
        case 20: try { try decoder.decodeRepeatedMessageField(value: &_storage._trainingInfo) }()
        case 25: try { try decoder.decodeRepeatedMessageField(value: &_storage._functions) }()
        case 26: try { try decoder.decodeRepeatedMessageField(value: &_storage._configuration) }()
        default: break
        }
      }
    }
  }

  public func traverse<V: SwiftProtobuf.Visitor>(visitor: inout V) throws {
    try withExtendedLifetime(_storage) { (_storage: _StorageClass) in
      try { if let v = _storage._irVersion {
        try visitor.visitSingularInt64Field(value: v, fieldNumber: 1)
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
        try visitor.visitSingularInt64Field(value: v, fieldNumber: 5)
      } }()
      try { if let v = _storage._docString {
        try visitor.visitSingularStringField(value: v, fieldNumber: 6)
      } }()
      try { if let v = _storage._graph {
        try visitor.visitSingularMessageField(value: v, fieldNumber: 7)
      } }()
      if !_storage._opsetImport.isEmpty {
        try visitor.visitRepeatedMessageField(value: _storage._opsetImport, fieldNumber: 8)
      }
      if !_storage._metadataProps.isEmpty {
        try visitor.visitRepeatedMessageField(value: _storage._metadataProps, fieldNumber: 14)
      }
      if !_storage._trainingInfo.isEmpty {
        try visitor.visitRepeatedMessageField(value: _storage._trainingInfo, fieldNumber: 20)
      }
      if !_storage._functions.isEmpty {
        try visitor.visitRepeatedMessageField(value: _storage._functions, fieldNumber: 25)
      }
      if !_storage._configuration.isEmpty {
        try visitor.visitRepeatedMessageField(value: _storage._configuration, fieldNumber: 26)
      }
    }
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: Onnx_ModelProto, rhs: Onnx_ModelProto) -> Bool {
    if lhs._storage !== rhs._storage {
      let storagesAreEqual: Bool = withExtendedLifetime((lhs._storage, rhs._storage)) { (_args: (_StorageClass, _StorageClass)) in
        let _storage = _args.0
        let rhs_storage = _args.1
        if _storage._irVersion != rhs_storage._irVersion {return false}
        if _storage._opsetImport != rhs_storage._opsetImport {return false}
        if _storage._producerName != rhs_storage._producerName {return false}
        if _storage._producerVersion != rhs_storage._producerVersion {return false}
        if _storage._domain != rhs_storage._domain {return false}
        if _storage._modelVersion != rhs_storage._modelVersion {return false}
        if _storage._docString != rhs_storage._docString {return false}
        if _storage._graph != rhs_storage._graph {return false}
        if _storage._metadataProps != rhs_storage._metadataProps {return false}
        if _storage._trainingInfo != rhs_storage._trainingInfo {return false}
        if _storage._functions != rhs_storage._functions {return false}
        if _storage._configuration != rhs_storage._configuration {return false}
        return true
      }
      if !storagesAreEqual {return false}
    }
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}

nonisolated extension Onnx_DeviceConfigurationProto: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = _protobuf_package + ".DeviceConfigurationProto"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{1}name\0\u{3}num_devices\0\u{1}device\0")

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    while let fieldNumber = try decoder.nextFieldNumber() {
      switch fieldNumber {
      case 1: try { try decoder.decodeSingularStringField(value: &self._name) }()
      case 2: try { try decoder.decodeSingularInt32Field(value: &self._numDevices) }()
      case 3: try { try decoder.decodeRepeatedStringField(value: &self.device) }()
      default: break
      }
    }
  }

  public func traverse<V: SwiftProtobuf.Visitor>(visitor: inout V) throws {
    try { if let v = self._name {
      try visitor.visitSingularStringField(value: v, fieldNumber: 1)
    } }()
    try { if let v = self._numDevices {
      try visitor.visitSingularInt32Field(value: v, fieldNumber: 2)
    } }()
    if !self.device.isEmpty {
      try visitor.visitRepeatedStringField(value: self.device, fieldNumber: 3)
    }
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: Onnx_DeviceConfigurationProto, rhs: Onnx_DeviceConfigurationProto) -> Bool {
    if lhs._name != rhs._name {return false}
    if lhs._numDevices != rhs._numDevices {return false}
    if lhs.device != rhs.device {return false}
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}

nonisolated extension Onnx_StringStringEntryProto: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = _protobuf_package + ".StringStringEntryProto"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{1}key\0\u{1}value\0")

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    while let fieldNumber = try decoder.nextFieldNumber() {
      switch fieldNumber {
      case 1: try { try decoder.decodeSingularStringField(value: &self._key) }()
      case 2: try { try decoder.decodeSingularStringField(value: &self._value) }()
      default: break
      }
    }
  }

  public func traverse<V: SwiftProtobuf.Visitor>(visitor: inout V) throws {
    try { if let v = self._key {
      try visitor.visitSingularStringField(value: v, fieldNumber: 1)
    } }()
    try { if let v = self._value {
      try visitor.visitSingularStringField(value: v, fieldNumber: 2)
    } }()
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: Onnx_StringStringEntryProto, rhs: Onnx_StringStringEntryProto) -> Bool {
    if lhs._key != rhs._key {return false}
    if lhs._value != rhs._value {return false}
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}

nonisolated extension Onnx_TensorAnnotation: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = _protobuf_package + ".TensorAnnotation"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{3}tensor_name\0\u{3}quant_parameter_tensor_names\0")

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    while let fieldNumber = try decoder.nextFieldNumber() {
      switch fieldNumber {
      case 1: try { try decoder.decodeSingularStringField(value: &self._tensorName) }()
      case 2: try { try decoder.decodeRepeatedMessageField(value: &self.quantParameterTensorNames) }()
      default: break
      }
    }
  }

  public func traverse<V: SwiftProtobuf.Visitor>(visitor: inout V) throws {
    try { if let v = self._tensorName {
      try visitor.visitSingularStringField(value: v, fieldNumber: 1)
    } }()
    if !self.quantParameterTensorNames.isEmpty {
      try visitor.visitRepeatedMessageField(value: self.quantParameterTensorNames, fieldNumber: 2)
    }
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: Onnx_TensorAnnotation, rhs: Onnx_TensorAnnotation) -> Bool {
    if lhs._tensorName != rhs._tensorName {return false}
    if lhs.quantParameterTensorNames != rhs.quantParameterTensorNames {return false}
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}

nonisolated extension Onnx_GraphProto: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = _protobuf_package + ".GraphProto"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{1}node\0\u{1}name\0\u{2}\u{3}initializer\0\u{4}\u{5}doc_string\0\u{1}input\0\u{1}output\0\u{3}value_info\0\u{3}quantization_annotation\0\u{3}sparse_initializer\0\u{3}metadata_props\0\u{c}\u{3}\u{1}\u{c}\u{4}\u{1}\u{c}\u{6}\u{4}")

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    while let fieldNumber = try decoder.nextFieldNumber() {
      switch fieldNumber {
      case 1: try { try decoder.decodeRepeatedMessageField(value: &self.node) }()
      case 2: try { try decoder.decodeSingularStringField(value: &self._name) }()
      case 5: try { try decoder.decodeRepeatedMessageField(value: &self.initializer) }()
      case 10: try { try decoder.decodeSingularStringField(value: &self._docString) }()
      case 11: try { try decoder.decodeRepeatedMessageField(value: &self.input) }()
      case 12: try { try decoder.decodeRepeatedMessageField(value: &self.output) }()
      case 13: try { try decoder.decodeRepeatedMessageField(value: &self.valueInfo) }()
      case 14: try { try decoder.decodeRepeatedMessageField(value: &self.quantizationAnnotation) }()
      case 15: try { try decoder.decodeRepeatedMessageField(value: &self.sparseInitializer) }()
      case 16: try { try decoder.decodeRepeatedMessageField(value: &self.metadataProps) }()
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
    if !self.initializer.isEmpty {
      try visitor.visitRepeatedMessageField(value: self.initializer, fieldNumber: 5)
    }
    try { if let v = self._docString {
      try visitor.visitSingularStringField(value: v, fieldNumber: 10)
    } }()
    if !self.input.isEmpty {
      try visitor.visitRepeatedMessageField(value: self.input, fieldNumber: 11)
    }
    if !self.output.isEmpty {
      try visitor.visitRepeatedMessageField(value: self.output, fieldNumber: 12)
    }
    if !self.valueInfo.isEmpty {
      try visitor.visitRepeatedMessageField(value: self.valueInfo, fieldNumber: 13)
    }
    if !self.quantizationAnnotation.isEmpty {
      try visitor.visitRepeatedMessageField(value: self.quantizationAnnotation, fieldNumber: 14)
    }
    if !self.sparseInitializer.isEmpty {
      try visitor.visitRepeatedMessageField(value: self.sparseInitializer, fieldNumber: 15)
    }
    if !self.metadataProps.isEmpty {
      try visitor.visitRepeatedMessageField(value: self.metadataProps, fieldNumber: 16)
    }
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: Onnx_GraphProto, rhs: Onnx_GraphProto) -> Bool {
    if lhs.node != rhs.node {return false}
    if lhs._name != rhs._name {return false}
    if lhs.initializer != rhs.initializer {return false}
    if lhs.sparseInitializer != rhs.sparseInitializer {return false}
    if lhs._docString != rhs._docString {return false}
    if lhs.input != rhs.input {return false}
    if lhs.output != rhs.output {return false}
    if lhs.valueInfo != rhs.valueInfo {return false}
    if lhs.quantizationAnnotation != rhs.quantizationAnnotation {return false}
    if lhs.metadataProps != rhs.metadataProps {return false}
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}

nonisolated extension Onnx_TensorProto: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = _protobuf_package + ".TensorProto"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{1}dims\0\u{3}data_type\0\u{1}segment\0\u{3}float_data\0\u{3}int32_data\0\u{3}string_data\0\u{3}int64_data\0\u{1}name\0\u{3}raw_data\0\u{3}double_data\0\u{3}uint64_data\0\u{3}doc_string\0\u{3}external_data\0\u{3}data_location\0\u{4}\u{2}metadata_props\0")

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    while let fieldNumber = try decoder.nextFieldNumber() {
      switch fieldNumber {
      case 1: try { try decoder.decodeRepeatedInt64Field(value: &self.dims) }()
      case 2: try { try decoder.decodeSingularInt32Field(value: &self._dataType) }()
      case 3: try { try decoder.decodeSingularMessageField(value: &self._segment) }()
      case 4: try { try decoder.decodeRepeatedFloatField(value: &self.floatData) }()
      case 5: try { try decoder.decodeRepeatedInt32Field(value: &self.int32Data) }()
      case 6: try { try decoder.decodeRepeatedBytesField(value: &self.stringData) }()
      case 7: try { try decoder.decodeRepeatedInt64Field(value: &self.int64Data) }()
      case 8: try { try decoder.decodeSingularStringField(value: &self._name) }()
      case 9: try { try decoder.decodeSingularBytesField(value: &self._rawData) }()
      case 10: try { try decoder.decodeRepeatedDoubleField(value: &self.doubleData) }()
      case 11: try { try decoder.decodeRepeatedUInt64Field(value: &self.uint64Data) }()
      case 12: try { try decoder.decodeSingularStringField(value: &self._docString) }()
      case 13: try { try decoder.decodeRepeatedMessageField(value: &self.externalData) }()
      case 14: try { try decoder.decodeSingularEnumField(value: &self._dataLocation) }()
      case 16: try { try decoder.decodeRepeatedMessageField(value: &self.metadataProps) }()
      default: break
      }
    }
  }

  public func traverse<V: SwiftProtobuf.Visitor>(visitor: inout V) throws {
    if !self.dims.isEmpty {
      try visitor.visitRepeatedInt64Field(value: self.dims, fieldNumber: 1)
    }
    try { if let v = self._dataType {
      try visitor.visitSingularInt32Field(value: v, fieldNumber: 2)
    } }()
    try { if let v = self._segment {
      try visitor.visitSingularMessageField(value: v, fieldNumber: 3)
    } }()
    if !self.floatData.isEmpty {
      try visitor.visitPackedFloatField(value: self.floatData, fieldNumber: 4)
    }
    if !self.int32Data.isEmpty {
      try visitor.visitPackedInt32Field(value: self.int32Data, fieldNumber: 5)
    }
    if !self.stringData.isEmpty {
      try visitor.visitRepeatedBytesField(value: self.stringData, fieldNumber: 6)
    }
    if !self.int64Data.isEmpty {
      try visitor.visitPackedInt64Field(value: self.int64Data, fieldNumber: 7)
    }
    try { if let v = self._name {
      try visitor.visitSingularStringField(value: v, fieldNumber: 8)
    } }()
    try { if let v = self._rawData {
      try visitor.visitSingularBytesField(value: v, fieldNumber: 9)
    } }()
    if !self.doubleData.isEmpty {
      try visitor.visitPackedDoubleField(value: self.doubleData, fieldNumber: 10)
    }
    if !self.uint64Data.isEmpty {
      try visitor.visitPackedUInt64Field(value: self.uint64Data, fieldNumber: 11)
    }
    try { if let v = self._docString {
      try visitor.visitSingularStringField(value: v, fieldNumber: 12)
    } }()
    if !self.externalData.isEmpty {
      try visitor.visitRepeatedMessageField(value: self.externalData, fieldNumber: 13)
    }
    try { if let v = self._dataLocation {
      try visitor.visitSingularEnumField(value: v, fieldNumber: 14)
    } }()
    if !self.metadataProps.isEmpty {
      try visitor.visitRepeatedMessageField(value: self.metadataProps, fieldNumber: 16)
    }
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: Onnx_TensorProto, rhs: Onnx_TensorProto) -> Bool {
    if lhs.dims != rhs.dims {return false}
    if lhs._dataType != rhs._dataType {return false}
    if lhs._segment != rhs._segment {return false}
    if lhs.floatData != rhs.floatData {return false}
    if lhs.int32Data != rhs.int32Data {return false}
    if lhs.stringData != rhs.stringData {return false}
    if lhs.int64Data != rhs.int64Data {return false}
    if lhs._name != rhs._name {return false}
    if lhs._docString != rhs._docString {return false}
    if lhs._rawData != rhs._rawData {return false}
    if lhs.externalData != rhs.externalData {return false}
    if lhs._dataLocation != rhs._dataLocation {return false}
    if lhs.doubleData != rhs.doubleData {return false}
    if lhs.uint64Data != rhs.uint64Data {return false}
    if lhs.metadataProps != rhs.metadataProps {return false}
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}

nonisolated extension Onnx_TensorProto.DataType: SwiftProtobuf._ProtoNameProviding {
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{2}\0UNDEFINED\0\u{1}FLOAT\0\u{1}UINT8\0\u{1}INT8\0\u{1}UINT16\0\u{1}INT16\0\u{1}INT32\0\u{1}INT64\0\u{1}STRING\0\u{1}BOOL\0\u{1}FLOAT16\0\u{1}DOUBLE\0\u{1}UINT32\0\u{1}UINT64\0\u{1}COMPLEX64\0\u{1}COMPLEX128\0\u{1}BFLOAT16\0\u{1}FLOAT8E4M3FN\0\u{1}FLOAT8E4M3FNUZ\0\u{1}FLOAT8E5M2\0\u{1}FLOAT8E5M2FNUZ\0\u{1}UINT4\0\u{1}INT4\0\u{1}FLOAT4E2M1\0\u{1}FLOAT8E8M0\0\u{1}UINT2\0\u{1}INT2\0\u{1}FLOAT6E2M3\0\u{1}FLOAT6E3M2\0")
}

nonisolated extension Onnx_TensorProto.DataLocation: SwiftProtobuf._ProtoNameProviding {
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{2}\0DEFAULT\0\u{1}EXTERNAL\0")
}

nonisolated extension Onnx_TensorProto.Segment: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = Onnx_TensorProto.protoMessageName + ".Segment"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{1}begin\0\u{1}end\0")

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    while let fieldNumber = try decoder.nextFieldNumber() {
      switch fieldNumber {
      case 1: try { try decoder.decodeSingularInt64Field(value: &self._begin) }()
      case 2: try { try decoder.decodeSingularInt64Field(value: &self._end) }()
      default: break
      }
    }
  }

  public func traverse<V: SwiftProtobuf.Visitor>(visitor: inout V) throws {
    try { if let v = self._begin {
      try visitor.visitSingularInt64Field(value: v, fieldNumber: 1)
    } }()
    try { if let v = self._end {
      try visitor.visitSingularInt64Field(value: v, fieldNumber: 2)
    } }()
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: Onnx_TensorProto.Segment, rhs: Onnx_TensorProto.Segment) -> Bool {
    if lhs._begin != rhs._begin {return false}
    if lhs._end != rhs._end {return false}
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}

nonisolated extension Onnx_SparseTensorProto: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = _protobuf_package + ".SparseTensorProto"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{1}values\0\u{1}indices\0\u{1}dims\0")

  fileprivate class _StorageClass {
    var _values: Onnx_TensorProto? = nil
    var _indices: Onnx_TensorProto? = nil
    var _dims: [Int64] = []

      static nonisolated(unsafe) let defaultInstance = _StorageClass()

    private init() {}

    init(copying source: _StorageClass) {
      _values = source._values
      _indices = source._indices
      _dims = source._dims
    }
  }

  fileprivate mutating func _uniqueStorage() -> _StorageClass {
    if !isKnownUniquelyReferenced(&_storage) {
      _storage = _StorageClass(copying: _storage)
    }
    return _storage
  }

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    _ = _uniqueStorage()
    try withExtendedLifetime(_storage) { (_storage: _StorageClass) in
      while let fieldNumber = try decoder.nextFieldNumber() {
        switch fieldNumber {
        case 1: try { try decoder.decodeSingularMessageField(value: &_storage._values) }()
        case 2: try { try decoder.decodeSingularMessageField(value: &_storage._indices) }()
        case 3: try { try decoder.decodeRepeatedInt64Field(value: &_storage._dims) }()
        default: break
        }
      }
    }
  }

  public func traverse<V: SwiftProtobuf.Visitor>(visitor: inout V) throws {
    try withExtendedLifetime(_storage) { (_storage: _StorageClass) in
      try { if let v = _storage._values {
        try visitor.visitSingularMessageField(value: v, fieldNumber: 1)
      } }()
      try { if let v = _storage._indices {
        try visitor.visitSingularMessageField(value: v, fieldNumber: 2)
      } }()
      if !_storage._dims.isEmpty {
        try visitor.visitRepeatedInt64Field(value: _storage._dims, fieldNumber: 3)
      }
    }
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: Onnx_SparseTensorProto, rhs: Onnx_SparseTensorProto) -> Bool {
    if lhs._storage !== rhs._storage {
      let storagesAreEqual: Bool = withExtendedLifetime((lhs._storage, rhs._storage)) { (_args: (_StorageClass, _StorageClass)) in
        let _storage = _args.0
        let rhs_storage = _args.1
        if _storage._values != rhs_storage._values {return false}
        if _storage._indices != rhs_storage._indices {return false}
        if _storage._dims != rhs_storage._dims {return false}
        return true
      }
      if !storagesAreEqual {return false}
    }
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}

nonisolated extension Onnx_TensorShapeProto: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = _protobuf_package + ".TensorShapeProto"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{1}dim\0")

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    while let fieldNumber = try decoder.nextFieldNumber() {
      switch fieldNumber {
      case 1: try { try decoder.decodeRepeatedMessageField(value: &self.dim) }()
      default: break
      }
    }
  }

  public func traverse<V: SwiftProtobuf.Visitor>(visitor: inout V) throws {
    if !self.dim.isEmpty {
      try visitor.visitRepeatedMessageField(value: self.dim, fieldNumber: 1)
    }
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: Onnx_TensorShapeProto, rhs: Onnx_TensorShapeProto) -> Bool {
    if lhs.dim != rhs.dim {return false}
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}

nonisolated extension Onnx_TensorShapeProto.Dimension: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = Onnx_TensorShapeProto.protoMessageName + ".Dimension"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{3}dim_value\0\u{3}dim_param\0\u{1}denotation\0")

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    while let fieldNumber = try decoder.nextFieldNumber() {
      switch fieldNumber {
      case 1: try {
        var v: Int64?
        try decoder.decodeSingularInt64Field(value: &v)
        if let v = v {
          if self.value != nil {try decoder.handleConflictingOneOf()}
          self.value = .dimValue(v)
        }
      }()
      case 2: try {
        var v: String?
        try decoder.decodeSingularStringField(value: &v)
        if let v = v {
          if self.value != nil {try decoder.handleConflictingOneOf()}
          self.value = .dimParam(v)
        }
      }()
      case 3: try { try decoder.decodeSingularStringField(value: &self._denotation) }()
      default: break
      }
    }
  }

  public func traverse<V: SwiftProtobuf.Visitor>(visitor: inout V) throws {
    switch self.value {
    case .dimValue?: try {
      guard case .dimValue(let v)? = self.value else { preconditionFailure() }
      try visitor.visitSingularInt64Field(value: v, fieldNumber: 1)
    }()
    case .dimParam?: try {
      guard case .dimParam(let v)? = self.value else { preconditionFailure() }
      try visitor.visitSingularStringField(value: v, fieldNumber: 2)
    }()
    case nil: break
    }
    try { if let v = self._denotation {
      try visitor.visitSingularStringField(value: v, fieldNumber: 3)
    } }()
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: Onnx_TensorShapeProto.Dimension, rhs: Onnx_TensorShapeProto.Dimension) -> Bool {
    if lhs.value != rhs.value {return false}
    if lhs._denotation != rhs._denotation {return false}
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}

nonisolated extension Onnx_TypeProto: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = _protobuf_package + ".TypeProto"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{3}tensor_type\0\u{4}\u{3}sequence_type\0\u{3}map_type\0\u{1}denotation\0\u{3}opaque_type\0\u{3}sparse_tensor_type\0\u{3}optional_type\0")

  fileprivate class _StorageClass {
    var _value: Onnx_TypeProto.OneOf_Value?
    var _denotation: String? = nil

      static nonisolated(unsafe) let defaultInstance = _StorageClass()

    private init() {}

    init(copying source: _StorageClass) {
      _value = source._value
      _denotation = source._denotation
    }
  }

  fileprivate mutating func _uniqueStorage() -> _StorageClass {
    if !isKnownUniquelyReferenced(&_storage) {
      _storage = _StorageClass(copying: _storage)
    }
    return _storage
  }

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    _ = _uniqueStorage()
    try withExtendedLifetime(_storage) { (_storage: _StorageClass) in
      while let fieldNumber = try decoder.nextFieldNumber() {
        switch fieldNumber {
        case 1: try {
          var v: Onnx_TypeProto.Tensor?
          var hadOneofValue = false
          if let current = _storage._value {
            hadOneofValue = true
            if case .tensorType(let m) = current {v = m}
          }
          try decoder.decodeSingularMessageField(value: &v)
          if let v = v {
            if hadOneofValue {try decoder.handleConflictingOneOf()}
            _storage._value = .tensorType(v)
          }
        }()
        case 4: try {
          var v: Onnx_TypeProto.Sequence?
          var hadOneofValue = false
          if let current = _storage._value {
            hadOneofValue = true
            if case .sequenceType(let m) = current {v = m}
          }
          try decoder.decodeSingularMessageField(value: &v)
          if let v = v {
            if hadOneofValue {try decoder.handleConflictingOneOf()}
            _storage._value = .sequenceType(v)
          }
        }()
        case 5: try {
          var v: Onnx_TypeProto.Map?
          var hadOneofValue = false
          if let current = _storage._value {
            hadOneofValue = true
            if case .mapType(let m) = current {v = m}
          }
          try decoder.decodeSingularMessageField(value: &v)
          if let v = v {
            if hadOneofValue {try decoder.handleConflictingOneOf()}
            _storage._value = .mapType(v)
          }
        }()
        case 6: try { try decoder.decodeSingularStringField(value: &_storage._denotation) }()
        case 7: try {
          var v: Onnx_TypeProto.Opaque?
          var hadOneofValue = false
          if let current = _storage._value {
            hadOneofValue = true
            if case .opaqueType(let m) = current {v = m}
          }
          try decoder.decodeSingularMessageField(value: &v)
          if let v = v {
            if hadOneofValue {try decoder.handleConflictingOneOf()}
            _storage._value = .opaqueType(v)
          }
        }()
        case 8: try {
          var v: Onnx_TypeProto.SparseTensor?
          var hadOneofValue = false
          if let current = _storage._value {
            hadOneofValue = true
            if case .sparseTensorType(let m) = current {v = m}
          }
          try decoder.decodeSingularMessageField(value: &v)
          if let v = v {
            if hadOneofValue {try decoder.handleConflictingOneOf()}
            _storage._value = .sparseTensorType(v)
          }
        }()
        case 9: try {
          var v: Onnx_TypeProto.Optional?
          var hadOneofValue = false
          if let current = _storage._value {
            hadOneofValue = true
            if case .optionalType(let m) = current {v = m}
          }
          try decoder.decodeSingularMessageField(value: &v)
          if let v = v {
            if hadOneofValue {try decoder.handleConflictingOneOf()}
            _storage._value = .optionalType(v)
          }
        }()
        default: break
        }
      }
    }
  }

  public func traverse<V: SwiftProtobuf.Visitor>(visitor: inout V) throws {
    try withExtendedLifetime(_storage) { (_storage: _StorageClass) in
      switch _storage._value {
      case .tensorType?: try {
        guard case .tensorType(let v)? = _storage._value else { preconditionFailure() }
        try visitor.visitSingularMessageField(value: v, fieldNumber: 1)
      }()
      case .sequenceType?: try {
        guard case .sequenceType(let v)? = _storage._value else { preconditionFailure() }
        try visitor.visitSingularMessageField(value: v, fieldNumber: 4)
      }()
      case .mapType?: try {
        guard case .mapType(let v)? = _storage._value else { preconditionFailure() }
        try visitor.visitSingularMessageField(value: v, fieldNumber: 5)
      }()
      default: break
      }
      try { if let v = _storage._denotation {
        try visitor.visitSingularStringField(value: v, fieldNumber: 6)
      } }()
      switch _storage._value {
      case .opaqueType?: try {
        guard case .opaqueType(let v)? = _storage._value else { preconditionFailure() }
        try visitor.visitSingularMessageField(value: v, fieldNumber: 7)
      }()
      case .sparseTensorType?: try {
        guard case .sparseTensorType(let v)? = _storage._value else { preconditionFailure() }
        try visitor.visitSingularMessageField(value: v, fieldNumber: 8)
      }()
      case .optionalType?: try {
        guard case .optionalType(let v)? = _storage._value else { preconditionFailure() }
        try visitor.visitSingularMessageField(value: v, fieldNumber: 9)
      }()
      default: break
      }
    }
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: Onnx_TypeProto, rhs: Onnx_TypeProto) -> Bool {
    if lhs._storage !== rhs._storage {
      let storagesAreEqual: Bool = withExtendedLifetime((lhs._storage, rhs._storage)) { (_args: (_StorageClass, _StorageClass)) in
        let _storage = _args.0
        let rhs_storage = _args.1
        if _storage._value != rhs_storage._value {return false}
        if _storage._denotation != rhs_storage._denotation {return false}
        return true
      }
      if !storagesAreEqual {return false}
    }
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}

nonisolated extension Onnx_TypeProto.Tensor: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = Onnx_TypeProto.protoMessageName + ".Tensor"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{3}elem_type\0\u{1}shape\0")

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    while let fieldNumber = try decoder.nextFieldNumber() {
      switch fieldNumber {
      case 1: try { try decoder.decodeSingularInt32Field(value: &self._elemType) }()
      case 2: try { try decoder.decodeSingularMessageField(value: &self._shape) }()
      default: break
      }
    }
  }

  public func traverse<V: SwiftProtobuf.Visitor>(visitor: inout V) throws {
    try { if let v = self._elemType {
      try visitor.visitSingularInt32Field(value: v, fieldNumber: 1)
    } }()
    try { if let v = self._shape {
      try visitor.visitSingularMessageField(value: v, fieldNumber: 2)
    } }()
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: Onnx_TypeProto.Tensor, rhs: Onnx_TypeProto.Tensor) -> Bool {
    if lhs._elemType != rhs._elemType {return false}
    if lhs._shape != rhs._shape {return false}
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}

nonisolated extension Onnx_TypeProto.Sequence: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = Onnx_TypeProto.protoMessageName + ".Sequence"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{3}elem_type\0")

  fileprivate class _StorageClass {
    var _elemType: Onnx_TypeProto? = nil

      static nonisolated(unsafe) let defaultInstance = _StorageClass()

    private init() {}

    init(copying source: _StorageClass) {
      _elemType = source._elemType
    }
  }

  fileprivate mutating func _uniqueStorage() -> _StorageClass {
    if !isKnownUniquelyReferenced(&_storage) {
      _storage = _StorageClass(copying: _storage)
    }
    return _storage
  }

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    _ = _uniqueStorage()
    try withExtendedLifetime(_storage) { (_storage: _StorageClass) in
      while let fieldNumber = try decoder.nextFieldNumber() {
        switch fieldNumber {
        case 1: try { try decoder.decodeSingularMessageField(value: &_storage._elemType) }()
        default: break
        }
      }
    }
  }

  public func traverse<V: SwiftProtobuf.Visitor>(visitor: inout V) throws {
    try withExtendedLifetime(_storage) { (_storage: _StorageClass) in
      try { if let v = _storage._elemType {
        try visitor.visitSingularMessageField(value: v, fieldNumber: 1)
      } }()
    }
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: Onnx_TypeProto.Sequence, rhs: Onnx_TypeProto.Sequence) -> Bool {
    if lhs._storage !== rhs._storage {
      let storagesAreEqual: Bool = withExtendedLifetime((lhs._storage, rhs._storage)) { (_args: (_StorageClass, _StorageClass)) in
        let _storage = _args.0
        let rhs_storage = _args.1
        if _storage._elemType != rhs_storage._elemType {return false}
        return true
      }
      if !storagesAreEqual {return false}
    }
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}

nonisolated extension Onnx_TypeProto.Map: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = Onnx_TypeProto.protoMessageName + ".Map"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{3}key_type\0\u{3}value_type\0")

  fileprivate class _StorageClass {
    var _keyType: Int32? = nil
    var _valueType: Onnx_TypeProto? = nil

      static nonisolated(unsafe) let defaultInstance = _StorageClass()

    private init() {}

    init(copying source: _StorageClass) {
      _keyType = source._keyType
      _valueType = source._valueType
    }
  }

  fileprivate mutating func _uniqueStorage() -> _StorageClass {
    if !isKnownUniquelyReferenced(&_storage) {
      _storage = _StorageClass(copying: _storage)
    }
    return _storage
  }

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    _ = _uniqueStorage()
    try withExtendedLifetime(_storage) { (_storage: _StorageClass) in
      while let fieldNumber = try decoder.nextFieldNumber() {
        switch fieldNumber {
        case 1: try { try decoder.decodeSingularInt32Field(value: &_storage._keyType) }()
        case 2: try { try decoder.decodeSingularMessageField(value: &_storage._valueType) }()
        default: break
        }
      }
    }
  }

  public func traverse<V: SwiftProtobuf.Visitor>(visitor: inout V) throws {
    try withExtendedLifetime(_storage) { (_storage: _StorageClass) in
      try { if let v = _storage._keyType {
        try visitor.visitSingularInt32Field(value: v, fieldNumber: 1)
      } }()
      try { if let v = _storage._valueType {
        try visitor.visitSingularMessageField(value: v, fieldNumber: 2)
      } }()
    }
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: Onnx_TypeProto.Map, rhs: Onnx_TypeProto.Map) -> Bool {
    if lhs._storage !== rhs._storage {
      let storagesAreEqual: Bool = withExtendedLifetime((lhs._storage, rhs._storage)) { (_args: (_StorageClass, _StorageClass)) in
        let _storage = _args.0
        let rhs_storage = _args.1
        if _storage._keyType != rhs_storage._keyType {return false}
        if _storage._valueType != rhs_storage._valueType {return false}
        return true
      }
      if !storagesAreEqual {return false}
    }
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}

nonisolated extension Onnx_TypeProto.Optional: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = Onnx_TypeProto.protoMessageName + ".Optional"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{3}elem_type\0")

  fileprivate class _StorageClass {
    var _elemType: Onnx_TypeProto? = nil

      static nonisolated(unsafe) let defaultInstance = _StorageClass()

    private init() {}

    init(copying source: _StorageClass) {
      _elemType = source._elemType
    }
  }

  fileprivate mutating func _uniqueStorage() -> _StorageClass {
    if !isKnownUniquelyReferenced(&_storage) {
      _storage = _StorageClass(copying: _storage)
    }
    return _storage
  }

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    _ = _uniqueStorage()
    try withExtendedLifetime(_storage) { (_storage: _StorageClass) in
      while let fieldNumber = try decoder.nextFieldNumber() {
        switch fieldNumber {
        case 1: try { try decoder.decodeSingularMessageField(value: &_storage._elemType) }()
        default: break
        }
      }
    }
  }

  public func traverse<V: SwiftProtobuf.Visitor>(visitor: inout V) throws {
    try withExtendedLifetime(_storage) { (_storage: _StorageClass) in
      try { if let v = _storage._elemType {
        try visitor.visitSingularMessageField(value: v, fieldNumber: 1)
      } }()
    }
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: Onnx_TypeProto.Optional, rhs: Onnx_TypeProto.Optional) -> Bool {
    if lhs._storage !== rhs._storage {
      let storagesAreEqual: Bool = withExtendedLifetime((lhs._storage, rhs._storage)) { (_args: (_StorageClass, _StorageClass)) in
        let _storage = _args.0
        let rhs_storage = _args.1
        if _storage._elemType != rhs_storage._elemType {return false}
        return true
      }
      if !storagesAreEqual {return false}
    }
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}

nonisolated extension Onnx_TypeProto.SparseTensor: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = Onnx_TypeProto.protoMessageName + ".SparseTensor"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{3}elem_type\0\u{1}shape\0")

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    while let fieldNumber = try decoder.nextFieldNumber() {
      switch fieldNumber {
      case 1: try { try decoder.decodeSingularInt32Field(value: &self._elemType) }()
      case 2: try { try decoder.decodeSingularMessageField(value: &self._shape) }()
      default: break
      }
    }
  }

  public func traverse<V: SwiftProtobuf.Visitor>(visitor: inout V) throws {
    try { if let v = self._elemType {
      try visitor.visitSingularInt32Field(value: v, fieldNumber: 1)
    } }()
    try { if let v = self._shape {
      try visitor.visitSingularMessageField(value: v, fieldNumber: 2)
    } }()
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: Onnx_TypeProto.SparseTensor, rhs: Onnx_TypeProto.SparseTensor) -> Bool {
    if lhs._elemType != rhs._elemType {return false}
    if lhs._shape != rhs._shape {return false}
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}

nonisolated extension Onnx_TypeProto.Opaque: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = Onnx_TypeProto.protoMessageName + ".Opaque"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{1}domain\0\u{1}name\0")

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    while let fieldNumber = try decoder.nextFieldNumber() {
      switch fieldNumber {
      case 1: try { try decoder.decodeSingularStringField(value: &self._domain) }()
      case 2: try { try decoder.decodeSingularStringField(value: &self._name) }()
      default: break
      }
    }
  }

  public func traverse<V: SwiftProtobuf.Visitor>(visitor: inout V) throws {
    try { if let v = self._domain {
      try visitor.visitSingularStringField(value: v, fieldNumber: 1)
    } }()
    try { if let v = self._name {
      try visitor.visitSingularStringField(value: v, fieldNumber: 2)
    } }()
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: Onnx_TypeProto.Opaque, rhs: Onnx_TypeProto.Opaque) -> Bool {
    if lhs._domain != rhs._domain {return false}
    if lhs._name != rhs._name {return false}
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}

nonisolated extension Onnx_OperatorSetIdProto: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = _protobuf_package + ".OperatorSetIdProto"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{1}domain\0\u{1}version\0")

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    while let fieldNumber = try decoder.nextFieldNumber() {
      switch fieldNumber {
      case 1: try { try decoder.decodeSingularStringField(value: &self._domain) }()
      case 2: try { try decoder.decodeSingularInt64Field(value: &self._version) }()
      default: break
      }
    }
  }

  public func traverse<V: SwiftProtobuf.Visitor>(visitor: inout V) throws {
    try { if let v = self._domain {
      try visitor.visitSingularStringField(value: v, fieldNumber: 1)
    } }()
    try { if let v = self._version {
      try visitor.visitSingularInt64Field(value: v, fieldNumber: 2)
    } }()
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: Onnx_OperatorSetIdProto, rhs: Onnx_OperatorSetIdProto) -> Bool {
    if lhs._domain != rhs._domain {return false}
    if lhs._version != rhs._version {return false}
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}

nonisolated extension Onnx_FunctionProto: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = _protobuf_package + ".FunctionProto"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{1}name\0\u{2}\u{3}input\0\u{1}output\0\u{1}attribute\0\u{1}node\0\u{3}doc_string\0\u{3}opset_import\0\u{1}domain\0\u{3}attribute_proto\0\u{3}value_info\0\u{1}overload\0\u{3}metadata_props\0\u{c}\u{2}\u{1}\u{c}\u{3}\u{1}")

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    while let fieldNumber = try decoder.nextFieldNumber() {
      switch fieldNumber {
      case 1: try { try decoder.decodeSingularStringField(value: &self._name) }()
      case 4: try { try decoder.decodeRepeatedStringField(value: &self.input) }()
      case 5: try { try decoder.decodeRepeatedStringField(value: &self.output) }()
      case 6: try { try decoder.decodeRepeatedStringField(value: &self.attribute) }()
      case 7: try { try decoder.decodeRepeatedMessageField(value: &self.node) }()
      case 8: try { try decoder.decodeSingularStringField(value: &self._docString) }()
      case 9: try { try decoder.decodeRepeatedMessageField(value: &self.opsetImport) }()
      case 10: try { try decoder.decodeSingularStringField(value: &self._domain) }()
      case 11: try { try decoder.decodeRepeatedMessageField(value: &self.attributeProto) }()
      case 12: try { try decoder.decodeRepeatedMessageField(value: &self.valueInfo) }()
      case 13: try { try decoder.decodeSingularStringField(value: &self._overload) }()
      case 14: try { try decoder.decodeRepeatedMessageField(value: &self.metadataProps) }()
      default: break
      }
    }
  }

  public func traverse<V: SwiftProtobuf.Visitor>(visitor: inout V) throws {
    try { if let v = self._name {
      try visitor.visitSingularStringField(value: v, fieldNumber: 1)
    } }()
    if !self.input.isEmpty {
      try visitor.visitRepeatedStringField(value: self.input, fieldNumber: 4)
    }
    if !self.output.isEmpty {
      try visitor.visitRepeatedStringField(value: self.output, fieldNumber: 5)
    }
    if !self.attribute.isEmpty {
      try visitor.visitRepeatedStringField(value: self.attribute, fieldNumber: 6)
    }
    if !self.node.isEmpty {
      try visitor.visitRepeatedMessageField(value: self.node, fieldNumber: 7)
    }
    try { if let v = self._docString {
      try visitor.visitSingularStringField(value: v, fieldNumber: 8)
    } }()
    if !self.opsetImport.isEmpty {
      try visitor.visitRepeatedMessageField(value: self.opsetImport, fieldNumber: 9)
    }
    try { if let v = self._domain {
      try visitor.visitSingularStringField(value: v, fieldNumber: 10)
    } }()
    if !self.attributeProto.isEmpty {
      try visitor.visitRepeatedMessageField(value: self.attributeProto, fieldNumber: 11)
    }
    if !self.valueInfo.isEmpty {
      try visitor.visitRepeatedMessageField(value: self.valueInfo, fieldNumber: 12)
    }
    try { if let v = self._overload {
      try visitor.visitSingularStringField(value: v, fieldNumber: 13)
    } }()
    if !self.metadataProps.isEmpty {
      try visitor.visitRepeatedMessageField(value: self.metadataProps, fieldNumber: 14)
    }
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: Onnx_FunctionProto, rhs: Onnx_FunctionProto) -> Bool {
    if lhs._name != rhs._name {return false}
    if lhs.input != rhs.input {return false}
    if lhs.output != rhs.output {return false}
    if lhs.attribute != rhs.attribute {return false}
    if lhs.attributeProto != rhs.attributeProto {return false}
    if lhs.node != rhs.node {return false}
    if lhs._docString != rhs._docString {return false}
    if lhs.opsetImport != rhs.opsetImport {return false}
    if lhs._domain != rhs._domain {return false}
    if lhs._overload != rhs._overload {return false}
    if lhs.valueInfo != rhs.valueInfo {return false}
    if lhs.metadataProps != rhs.metadataProps {return false}
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}
