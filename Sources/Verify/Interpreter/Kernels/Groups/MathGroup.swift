extension Kernels {
    /// Elementwise math and logic, activations, reductions, Cast.
    static var mathGroup: [(String, Kernel)] {
        [
            ("Add", add),
            ("Relu", relu),
            ("Sub", sub), ("Mul", mul), ("Div", divOp), ("Mod", mod), ("Pow", powOp),
            ("Neg", neg), ("Abs", absOp), ("Reciprocal", reciprocal), ("Floor", floorOp), ("Ceil", ceilOp),
            ("Round", roundOp), ("Sqrt", sqrtOp), ("Exp", expOp), ("Log", logOp),
            ("Sin", sinOp), ("Cos", cosOp), ("Tan", tanOp), ("Asin", asinOp), ("Acos", acosOp), ("Atan", atanOp),
            ("Sinh", sinhOp), ("Cosh", coshOp), ("Tanh", tanhOp), ("Asinh", asinhOp), ("Acosh", acoshOp),
            ("Atanh", atanhOp), ("Erf", erfOp), ("Sign", sign), ("IsNaN", isNaN), ("IsInf", isInf),
            ("Max", maxOp), ("Min", minOp), ("Sum", sumOp), ("Mean", mean),
            ("BitShift", bitShift), ("BitwiseAnd", bitwiseAnd), ("BitwiseOr", bitwiseOr),
            ("BitwiseXor", bitwiseXor), ("BitwiseNot", bitwiseNot),
            ("And", and), ("Or", or), ("Xor", xor), ("Not", not),
            ("Equal", equal), ("Less", less), ("Greater", greater), ("LessOrEqual", lessOrEqual),
            ("GreaterOrEqual", greaterOrEqual), ("Where", whereOp),
            ("LeakyRelu", leakyRelu), ("PRelu", pRelu), ("Elu", elu), ("Selu", selu), ("Celu", celu),
            ("Gelu", gelu), ("Sigmoid", sigmoid), ("HardSigmoid", hardSigmoid), ("HardSwish", hardSwish),
            ("Softplus", softplus), ("Softsign", softsign), ("Mish", mish), ("Clip", clip),
            ("ThresholdedRelu", thresholdedRelu), ("Shrink", shrink), ("Swish", swish),
            ("ReduceSum", reduceSum), ("ReduceMean", reduceMean), ("ReduceMax", reduceMax),
            ("ReduceMin", reduceMin), ("ReduceProd", reduceProd), ("ReduceL1", reduceL1), ("ReduceL2", reduceL2),
            ("ReduceLogSum", reduceLogSum), ("ReduceLogSumExp", reduceLogSumExp),
            ("ReduceSumSquare", reduceSumSquare), ("ArgMax", argMax), ("ArgMin", argMin),
            ("Cast", cast), ("CastLike", castLike),
            ("QuantizeLinear", quantizeLinear), ("DequantizeLinear", dequantizeLinear),
            ("DynamicQuantizeLinear", dynamicQuantizeLinear),
            ("HannWindow", hannWindow), ("HammingWindow", hammingWindow), ("BlackmanWindow", blackmanWindow),
            ("MelWeightMatrix", melWeightMatrix), ("DFT", dft), ("STFT", stft),
        ]
    }
}
