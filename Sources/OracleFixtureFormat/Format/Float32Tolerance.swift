/// How close a float32 implementation's output must be to a case's expected values, or why
/// float32 cannot be checked on the case at all (the optional `toleranceFloat32` of a case).
///
/// Under `"precision": "float32"` a results file is judged by this tolerance instead of the
/// case's `tolerance`: an `ulps` bound then counts float32 ulps (the number of Floats between
/// the observed and the expected value, each rounded to the nearest Float, plus one when they
/// differ), `exact` demands the same Float, and `relative`/`absolute` keep their meaning.
public enum Float32Tolerance: Sendable, Equatable {
    /// A tolerance, read as above.
    case tolerance(ToleranceSpec)
    /// Float32 cannot represent the case's inputs or answer (overflow, underflow, or a
    /// difference below float32's resolution); `reason` says which.
    case float64Only(reason: String)

    /// The spelling of the float64-only kind in fixture files.
    public static let float64OnlyKind = "float64-only"
}

extension Float32Tolerance {
    /// `{ "kind": "float64-only", "reason" }`, or the tolerance object.
    var json: JSON {
        switch self {
        case .tolerance(let spec): return spec.json
        case .float64Only(let reason):
            return .object([JSONMember("kind", .string(Self.float64OnlyKind)), JSONMember("reason", .string(reason))])
        }
    }

    static func decode(_ node: JSONNode, path: String, context: DecodingContext) throws(FixtureError)
        -> Float32Tolerance
    {
        let reader = try context.object(node, path)
        if let kindNode = reader.optional("kind"),
            try context.string(kindNode, reader.childPath("kind")) == float64OnlyKind
        {
            try reader.rejectUnknown(["kind", "reason"])
            return .float64Only(reason: try reader.nonEmptyString("reason"))
        }
        return .tolerance(try ToleranceSpec.decode(node, path: path, context: context))
    }
}
