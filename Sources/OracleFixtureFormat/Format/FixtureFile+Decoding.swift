import Foundation
import OracleArithmetic

/// The strict reader of fixture files: it accepts exactly the documents the canonical writer
/// can produce (up to whitespace and key order) and refuses everything else with a located,
/// one-line `FixtureError`.
extension FixtureFile {
    /// Parses and validates a fixture file. `source` names it in error messages.
    ///
    /// Checks, in order: JSON syntax; `schema` and `schemaVersion`; required and unknown fields;
    /// identifiers; every value (shape against data count, canonical decimal and hex spellings
    /// that agree, no NaN where a number is expected, integer range, word spelling); tolerances;
    /// unique group and case ids with the `<family>/<variant>/<group>/` prefix; every flag noted.
    public static func decode(_ bytes: [UInt8], source: String) throws(FixtureError) -> FixtureFile {
        let root = try JSONParser.parse(bytes, source: source)
        defer { JSONNode.releaseInBackground(root) }
        let context = DecodingContext(source: source)
        let top = try context.object(root, "")
        try checkHeader(top, schema: schemaName)
        try top.rejectUnknown([
            "schema", "schemaVersion", "family", "variant", "description", "proof", "generator", "conventions", "notes",
            "flagOutputs",
            "testGroups",
        ])

        let family = try top.identifier("family")
        let variant = try top.identifier("variant")
        let proofReader = try top.object("proof")
        try proofReader.rejectUnknown(["file", "steps"])
        var steps: [String] = []
        for (i, step) in try proofReader.array("steps").enumerated() {
            steps.append(try context.nonEmptyString(step, proofReader.childPath("steps") + "[\(i)]"))
        }
        let generatorReader = try top.object("generator")
        try generatorReader.rejectUnknown(["name", "version"])
        var file = FixtureFile(
            family: family, variant: variant,
            description: try top.nonEmptyString("description"),
            proof: ProofReference(file: try proofReader.nonEmptyString("file"), steps: steps),
            generator: GeneratorInfo(
                name: try generatorReader.nonEmptyString("name"), version: try generatorReader.nonEmptyString("version")
            ),
            conventions: try top.stringMap("conventions"),
            notes: try top.stringMap("notes"),
            flagOutputs: try decodeFlagOutputs(top),
            testGroups: [])

        let groupNodes = try top.array("testGroups")
        var caseCount = 0
        for groupNode in groupNodes {
            if case .object(let members) = groupNode.kind,
                case .array(let cases)? = members.first(where: { $0.key == "cases" })?.value.kind
            {
                caseCount += cases.count
            }
        }
        var caseIDs = Set<String>(minimumCapacity: caseCount)
        var groupIDs: Set<String> = []
        for (g, groupNode) in groupNodes.enumerated() {
            let groupPath = "testGroups[\(g)]"
            let group = try TestGroup.decode(groupNode, path: groupPath, file: file, context: context)
            if !groupIDs.insert(group.id).inserted {
                throw context.error(
                    .duplicateCaseID, groupNode, groupPath,
                    "the group id \(FixtureError.quoted(group.id)) appears twice", "give every test group its own id")
            }
            let caseNodes = try context.object(groupNode, groupPath).array("cases")
            for (c, fixtureCase) in group.cases.enumerated() where !caseIDs.insert(fixtureCase.id).inserted {
                throw context.error(
                    .duplicateCaseID, caseNodes[c], "\(groupPath).cases[\(c)]",
                    "the case id \(FixtureError.quoted(fixtureCase.id)) appears twice", "give every case its own id")
            }
            file.testGroups.append(group)
        }
        return file
    }

    /// `flagOutputs`: flag → a list of output names; every flag must have a note. Absent means
    /// no flag is linked to its outputs (`verify` then names every flag of a failing case).
    public static func decodeFlagOutputs(_ top: ObjectReader) throws(FixtureError) -> OrderedMap<[String]> {
        var map = OrderedMap<[String]>()
        guard let node = top.optional("flagOutputs") else { return map }
        let reader = try top.context.object(node, top.childPath("flagOutputs"))
        let notes = try top.stringMap("notes")
        for member in reader.members {
            let path = reader.childPath(member.key)
            guard notes[member.key] != nil else {
                throw top.context.error(
                    .unnotedFlag, member.value, path,
                    "the flag \(FixtureError.quoted(member.key)) has no entry in notes",
                    "list the outputs only of flags that notes describes")
            }
            var outputs: [String] = []
            for (i, output) in try top.context.array(member.value, path).enumerated() {
                outputs.append(try top.context.nonEmptyString(output, path + "[\(i)]"))
            }
            map[member.key] = outputs
        }
        return map
    }

    /// Checks `schema` and `schemaVersion` first, so that a file of another kind or version
    /// is named as such rather than failing on some later field.
    public static func checkHeader(_ top: ObjectReader, schema expected: String) throws(FixtureError) {
        let schemaNode = try top.required("schema")
        let schema = try top.context.string(schemaNode, "schema")
        guard schema == expected else {
            throw top.context.error(
                .unsupportedSchema, schemaNode, "schema",
                "the schema is \(FixtureError.quoted(schema)), not \"\(expected)\"",
                "pass a \(expected) file here")
        }
        let versionNode = try top.required("schemaVersion")
        let version = try top.context.integer(versionNode, "schemaVersion")
        guard version == OracleVersion.schemaVersion else {
            throw top.context.error(
                .unsupportedVersion, versionNode, "schemaVersion",
                """
                schemaVersion \(version) is not supported (this latent-oracle \(OracleVersion.current) reads version \
                \(OracleVersion.schemaVersion))
                """,
                "use a latent-oracle that reads version \(version), or regenerate the file with this one")
        }
    }
}

extension TestGroup {
    public static func decode(_ node: JSONNode, path: String, file: FixtureFile, context: DecodingContext)
        throws(FixtureError) -> TestGroup
    {
        let reader = try context.object(node, path)
        try reader.rejectUnknown(["id", "description", "parameters", "cases"])
        var group = TestGroup(
            id: try reader.identifier("id"), description: try reader.nonEmptyString("description"),
            parameters: try FixtureValue.decodeMap(
                reader.required("parameters"), path: reader.childPath("parameters"), context: context),
            cases: [])
        group.cases = try decodeCases(
            try reader.array("cases"), path: path, group: group.id, file: file, context: context)
        return group
    }

    /// The cases in order. A large group is decoded on every core in contiguous chunks (the cases
    /// are independent); the error reported is the one of the first bad case, as in one pass.
    static func decodeCases(
        _ nodes: [JSONNode], path: String, group: String, file: FixtureFile, context: DecodingContext
    ) throws(FixtureError) -> [FixtureCase] {
        @Sendable func decode(_ range: Range<Int>) throws(FixtureError) -> [FixtureCase] {
            var cases: [FixtureCase] = []
            cases.reserveCapacity(range.count)
            for c in range {
                cases.append(
                    try FixtureCase.decode(
                        nodes[c], path: "\(path).cases[\(c)]", group: group, file: file, context: context))
            }
            return cases
        }
        let chunkCount = nodes.count < 4096 ? 1 : 4 * ProcessInfo.processInfo.activeProcessorCount
        guard chunkCount > 1 else { return try decode(0..<nodes.count) }
        let chunkSize = (nodes.count + chunkCount - 1) / chunkCount
        let slots = ResultSlots<[FixtureCase]>(count: chunkCount)
        DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
            let range = min(chunk * chunkSize, nodes.count)..<min((chunk + 1) * chunkSize, nodes.count)
            slots.store(Result { () throws(FixtureError) in try decode(range) }.mapError { $0 as any Error }, at: chunk)
        }
        var cases: [FixtureCase] = []
        cases.reserveCapacity(nodes.count)
        for slot in slots.values {
            switch slot {
            case .success(let chunk): cases += chunk
            case .failure(let error): throw error as! FixtureError
            }
        }
        return cases
    }
}

extension FixtureCase {
    public static func decode(
        _ node: JSONNode, path: String, group: String, file: FixtureFile, context: DecodingContext
    ) throws(FixtureError) -> FixtureCase {
        let reader = try context.object(node, path)
        try reader.rejectUnknown(["id", "comment", "flags", "inputs", "expected", "tolerance", "toleranceFloat32"])
        let idNode = try reader.required("id")
        let id = try context.string(idNode, reader.childPath("id"))
        guard let name = Self.caseName(id, family: file.family, variant: file.variant, group: group), !name.isEmpty,
            name.allSatisfy(Self.isCaseNameByte)
        else {
            throw context.error(
                .invalidValue, idNode, reader.childPath("id"),
                "the case id \(FixtureError.quoted(id)) is not \(file.family)/\(file.variant)/\(group)/<name>",
                "name cases <family>/<variant>/<group>/<name> with letters, digits, '-', '.', '_'")
        }
        var flags: [String] = []
        for (i, flagNode) in try reader.array("flags").enumerated() {
            // The path is built only for an error message.
            func flagPath() -> String { reader.childPath("flags") + "[\(i)]" }
            let flag = try context.identifier(flagNode, flagPath())
            guard file.notes[flag] != nil else {
                throw context.error(
                    .unnotedFlag, flagNode, flagPath(), "the flag \(FixtureError.quoted(flag)) has no entry in notes",
                    "add notes.\(flag) saying what the bug is and what it does to the output")
            }
            flags.append(flag)
        }
        return FixtureCase(
            id: id, comment: try reader.string("comment"), flags: flags,
            inputs: try FixtureValue.decodeMap(
                reader.required("inputs"), path: reader.childPath("inputs"), context: context),
            expected: try Expectation.decode(
                reader.required("expected"), path: reader.childPath("expected"), context: context),
            tolerance: try ToleranceSpec.decode(
                reader.required("tolerance"), path: reader.childPath("tolerance"), context: context),
            toleranceFloat32: try reader.optional("toleranceFloat32").map { node throws(FixtureError) in
                try Float32Tolerance.decode(node, path: reader.childPath("toleranceFloat32"), context: context)
            })
    }
}

extension FixtureCase {
    /// The bytes after `<family>/<variant>/<group>/` in `id`, or nil when `id` does not start so
    /// (compared byte by byte: no string is built per case).
    static func caseName(_ id: String, family: String, variant: String, group: String) -> Substring.UTF8View? {
        var rest = id.utf8[...]
        func drop(_ part: String) -> Bool {
            guard rest.starts(with: part.utf8) else { return false }
            rest = rest.dropFirst(part.utf8.count)
            guard rest.first == UInt8(ascii: "/") else { return false }
            rest = rest.dropFirst()
            return true
        }
        guard drop(family), drop(variant), drop(group) else { return nil }
        return rest
    }

    /// An ASCII letter, digit, '-', '.' or '_': the bytes of a case name.
    static func isCaseNameByte(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"):
            return true
        default:
            return false
        }
    }
}

extension Expectation {
    public static func decode(_ node: JSONNode, path: String, context: DecodingContext) throws(FixtureError)
        -> Expectation
    {
        let reader = try context.object(node, path)
        if reader.has("error") {
            try reader.rejectUnknown(["error"])
            return .error(kind: try reader.identifier("error"))
        }
        return .values(try FixtureValue.decodeMap(node, path: path, context: context))
    }
}

extension ToleranceSpec {
    public static func decode(_ node: JSONNode, path: String, context: DecodingContext) throws(FixtureError)
        -> ToleranceSpec
    {
        let reader = try context.object(node, path)
        try reader.rejectUnknown(["kind", "value", "absoluteFloor", "reason"])
        let kindNode = try reader.required("kind")
        let kindText = try context.string(kindNode, reader.childPath("kind"))
        guard let kind = Kind(rawValue: kindText) else {
            throw context.error(
                .invalidValue, kindNode, reader.childPath("kind"),
                "the tolerance kind \(FixtureError.quoted(kindText)) is unknown",
                "use one of exact, ulps, relative, absolute")
        }
        let valueNode = try reader.required("value")
        let value = try context.finiteNumber(valueNode, reader.childPath("value"))
        guard value >= 0, kind != .exact || value == 0 else {
            throw context.error(
                .invalidValue, valueNode, reader.childPath("value"),
                "the tolerance value \(value) is not allowed for kind \(kindText)",
                "use a bound >= 0, and 0 for kind exact")
        }
        var absoluteFloor: Double?
        if let floorNode = reader.optional("absoluteFloor") {
            let floor = try context.finiteNumber(floorNode, reader.childPath("absoluteFloor"))
            guard floor > 0, floorableKinds.contains(kind) else {
                throw context.error(
                    .invalidValue, floorNode, reader.childPath("absoluteFloor"),
                    "the absolute floor \(floor) is not allowed for kind \(kindText)",
                    "give a floor > 0, and only to an ulps or relative tolerance")
            }
            absoluteFloor = floor
        }
        let reason = try reader.nonEmptyString("reason")
        return ToleranceSpec(kind: kind, value: value, absoluteFloor: absoluteFloor, reason: reason)
    }
}

extension FixtureValue {
    /// An object whose members are values (`parameters`, `inputs`, `expected`).
    public static func decodeMap(_ node: JSONNode, path: String, context: DecodingContext) throws(FixtureError)
        -> OrderedMap<FixtureValue>
    {
        let reader = try context.object(node, path)
        var map = OrderedMap<FixtureValue>()
        for member in reader.members {
            map[member.key] = try decode(member.value, path: reader.childPath(member.key), context: context)
        }
        return map
    }

    /// Decides the kind from the JSON shape: `{double…}` real, `{shape, data}` array, integer
    /// number, `0x`+16 hex digits word, other string, boolean.
    public static func decode(_ node: JSONNode, path: String, context: DecodingContext) throws(FixtureError)
        -> FixtureValue
    {
        switch node.kind {
        case .object:
            let reader = try context.object(node, path)
            if reader.has("double") { return .real(try RealNumber.decode(reader)) }
            if reader.has("shape") || reader.has("data") { return try decodeArray(reader) }
            throw context.error(
                .wrongType, node, path,
                "this object is neither a real { \"double\", … } nor an array { \"shape\", \"data\" }",
                reader.has("error")
                    ? "an error expectation is written directly as \"expected\": { \"error\": \"<kind>\" }"
                    : "see the value kinds in Fixtures/README.md")
        case .number(let token):
            guard Int(token) != nil else {
                throw context.error(
                    .wrongType, node, path, "the bare number \(token) is not an integer",
                    "write a real as { \"double\": \"…\", \"hex\": \"…\", \"accuracy\": \"…\" }")
            }
            return .integer(try context.integer(node, path))
        case .string(let s):
            if let w = parseWord(s) { return .word(w) }
            if s.hasPrefix("0x") {
                throw context.error(
                    .invalidValue, node, path,
                    "\(FixtureError.quoted(s)) looks like a 64-bit word but is not 0x + 16 lower-case hex digits",
                    "write words as e.g. \"0x0123456789abcdef\"")
            }
            return .string(s)
        case .bool(let b):
            return .bool(b)
        case .array:
            throw context.error(
                .wrongType, node, path, "a bare JSON array is not a value",
                "write arrays as { \"shape\": [n, …], \"data\": [ … ] }")
        case .null:
            throw context.error(.wrongType, node, path, "null is not a value", "write the value, or remove the field")
        }
    }

    /// The largest element count an array may declare (guards against absurd shapes).
    public static let maximumElementCount = 1 << 24

    private static func decodeArray(_ reader: ObjectReader) throws(FixtureError) -> FixtureValue {
        let context = reader.context
        try reader.rejectUnknown(["shape", "data"])
        var shape: [Int] = []
        var count = 1
        let shapeNode = try reader.required("shape")
        for (i, extentNode) in try reader.array("shape").enumerated() {
            let extent = try context.integer(extentNode, reader.childPath("shape") + "[\(i)]")
            let product = count.multipliedReportingOverflow(by: max(extent, 0))
            guard extent >= 0, !product.overflow, product.partialValue <= maximumElementCount else {
                throw context.error(
                    .shapeMismatch, extentNode, reader.childPath("shape") + "[\(i)]",
                    "the extent \(extent) is negative or makes the array too large",
                    "write non-negative extents whose product is at most \(maximumElementCount)")
            }
            shape.append(extent)
            count = product.partialValue
        }
        if shape.isEmpty {
            throw context.error(
                .shapeMismatch, shapeNode, reader.childPath("shape"), "the shape is empty",
                "write a scalar as a plain value, and an array's shape as [n, …]")
        }
        let dataNodes = try reader.array("data")
        guard dataNodes.count == count else {
            throw context.error(
                .shapeMismatch, reader.node, reader.path,
                "data has \(dataNodes.count) elements but shape \(shape) needs \(count)",
                "make data row-major with ∏shape elements")
        }
        var data: [FixtureValue] = []
        data.reserveCapacity(count)
        for (i, elementNode) in dataNodes.enumerated() {
            let elementPath = reader.childPath("data") + "[\(i)]"
            let element = try decode(elementNode, path: elementPath, context: context)
            if case .array = element {
                throw context.error(
                    .wrongType, elementNode, elementPath, "an array element is itself an array",
                    "flatten nested arrays into one shape")
            }
            if let first = data.first, !first.hasSameKind(as: element) {
                throw context.error(
                    .wrongType, elementNode, elementPath, "array elements are of different kinds",
                    "make every element of an array one kind")
            }
            data.append(element)
        }
        return .array(shape: shape, data: data)
    }

    public func hasSameKind(as other: FixtureValue) -> Bool {
        switch (self, other) {
        case (.real, .real), (.integer, .integer), (.word, .word), (.string, .string), (.bool, .bool), (.array, .array):
            return true
        default: return false
        }
    }
}

extension RealNumber {
    private static let nonFinite = ["NaN", "Infinity", "-Infinity"]

    public static func decode(_ reader: ObjectReader) throws(FixtureError) -> RealNumber {
        let context = reader.context
        try reader.rejectUnknown(["double", "hex", "exact", "accuracy"])
        let decimalNode = try reader.required("double")
        let decimal = try context.string(decimalNode, reader.childPath("double"))
        let hexNode = try reader.required("hex")
        let hex = try context.string(hexNode, reader.childPath("hex"))
        if nonFinite.contains(decimal) {
            guard hex == decimal else {
                throw context.error(
                    .inconsistentNumber, hexNode, reader.childPath("hex"),
                    "a non-finite real has hex \(FixtureError.quoted(hex)), not \"\(decimal)\"",
                    "write the same string in both fields")
            }
            if reader.has("exact") || reader.has("accuracy") {
                throw context.error(
                    .invalidValue, reader.node, reader.path, "a non-finite real has \"exact\" or \"accuracy\"",
                    "remove them; NaN and infinities are always exact")
            }
            return RealNumber(HexFloat.parse(decimal) ?? .nan)
        }
        guard let value = Double(decimal), value.isFinite, value.description == decimal else {
            throw context.error(
                .inconsistentNumber, decimalNode, reader.childPath("double"),
                "\(FixtureError.quoted(decimal)) is not the shortest round-trip decimal of a finite Double",
                """
                write Swift's Double.description of the value (e.g. \"0.1\", \"1e-05\"), or \
                \"NaN\"/\"Infinity\"/\"-Infinity\"
                """
            )
        }
        guard let hexValue = HexFloat.parse(hex) else {
            throw context.error(
                .inconsistentNumber, hexNode, reader.childPath("hex"),
                "\(FixtureError.quoted(hex)) is not a canonical hex float",
                "write Python's float.hex() spelling, e.g. \"0x1.999999999999ap-4\"")
        }
        guard hexValue.bitPattern == value.bitPattern else {
            throw context.error(
                .inconsistentNumber, hexNode, reader.childPath("hex"),
                "hex \(hex) and double \(decimal) are different Doubles",
                "regenerate the file; one of the two fields was edited")
        }
        var exact: String?
        if let exactNode = reader.optional("exact") {
            let text = try context.string(exactNode, reader.childPath("exact"))
            guard isRationalSpelling(text) else {
                throw context.error(
                    .invalidValue, exactNode, reader.childPath("exact"),
                    "\(FixtureError.quoted(text)) is not a rational p/q or an integer p",
                    "write e.g. \"1/10\" or \"-3\" (q > 0, no spaces)")
            }
            exact = text
        }
        let accuracyNode = try reader.required("accuracy")
        let accuracyText = try context.string(accuracyNode, reader.childPath("accuracy"))
        guard let accuracy = Accuracy(spelling: accuracyText) else {
            throw context.error(
                .invalidValue, accuracyNode, reader.childPath("accuracy"),
                "the accuracy \(FixtureError.quoted(accuracyText)) is unknown",
                "use exact, correctly-rounded or bound:<x> with x a non-negative Double")
        }
        if let exact, let exactNode = reader.optional("exact") {
            if let problem = inconsistency(exact: exact, double: value, accuracy: accuracy) {
                throw context.error(
                    .inconsistentNumber, exactNode, reader.childPath("exact"), problem,
                    "regenerate the file; the exact value, the double or the accuracy was edited")
            }
        }
        return RealNumber(value, exact: exact, accuracy: accuracy)
    }

    /// Why the `exact` rational (well spelled), the Double and the accuracy contradict one another,
    /// or nil when they agree: `exact` means equal, `correctly-rounded` that the rational rounds
    /// to the Double (to nearest, ties to even), `bound:<x>` that they differ by at most x. All
    /// three are decided in ℚ.
    public static func inconsistency(exact text: String, double value: Double, accuracy: Accuracy) -> String? {
        let parts = text.split(separator: "/")
        guard let numerator = try? BigInt(decimal: String(parts[0])),
            let denominator = parts.count == 2 ? try? BigInt(decimal: String(parts[1])) : BigInt(1),
            let rational = try? Rational(numerator: numerator, denominator: denominator),
            let double = Rational(exactly: value)
        else { return "\(FixtureError.quoted(abbreviated(text))) is not a rational" }
        guard rational.description == text else {
            return
                "\(FixtureError.quoted(abbreviated(text))) is not reduced (it is \(abbreviated(rational.description)))"
        }
        switch accuracy {
        case .exact:
            return rational == double
                ? nil : "the exact value \(abbreviated(text)) is not the double \(value), though the accuracy is exact"
        case .correctlyRounded:
            return rational.doubleValue.bitPattern == value.bitPattern || (rational.isZero && value == 0)
                ? nil
                : "the exact value \(abbreviated(text)) rounds to \(rational.doubleValue), not to the double \(value)"
        case .bound(let x):
            guard let bound = Rational(exactly: x) else { return nil }
            return (rational - double).absoluteValue <= bound
                ? nil : "the exact value \(abbreviated(text)) is further than \(x) from the double \(value)"
        }
    }

    /// `-?digits(/digits)?` with no leading zeros and a positive denominator.
    public static func isRationalSpelling(_ text: String) -> Bool {
        func isNatural(_ s: Substring, positive: Bool) -> Bool {
            guard let first = s.first, s.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
            if s.count > 1 && first == "0" { return false }
            return !positive || s != "0"
        }
        var body = Substring(text)
        if body.hasPrefix("-") { body = body.dropFirst() }
        let parts = body.split(separator: "/", omittingEmptySubsequences: false)
        switch parts.count {
        case 1: return isNatural(parts[0], positive: false)
        case 2: return isNatural(parts[0], positive: false) && isNatural(parts[1], positive: true)
        default: return false
        }
    }
}

/// A long number shown in a message: its first and last 24 characters and its length, so that an
/// error stays one readable line.
private func abbreviated(_ text: String) -> String {
    guard text.count > 80 else { return text }
    return "\(text.prefix(24))…\(text.suffix(24)) (\(text.count) characters)"
}
