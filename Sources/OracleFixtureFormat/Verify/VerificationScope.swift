/// The cases a run of `verify` covers: glob patterns over test groups and over cases.
///
/// A group pattern matches a group's id (`exp`) or its full path (`arithmetic/exp-log/exp`); a
/// case pattern matches a case's full id, its group and name (`exp/x-0.5`) or its name after the
/// group (`x-0.5`). `*` matches any run of
/// characters (`/` included), `?` any one character. A case is in scope when its group matches
/// some group pattern (or there are none) and it matches some case pattern (or there are none).
public struct VerificationScope: Sendable, Equatable {
    public var groups: [String]
    public var cases: [String]

    public init(groups: [String] = [], cases: [String] = []) {
        self.groups = groups
        self.cases = cases
    }

    /// Whether the case `caseID` of group `group` in `family/variant` is in scope.
    public func contains(caseID: String, group: String, family: String, variant: String) -> Bool {
        let groupPath = "\(family)/\(variant)/\(group)"
        let name = caseID.hasPrefix(groupPath + "/") ? String(caseID.dropFirst(groupPath.count + 1)) : caseID
        let groupMatches = groups.isEmpty || groups.contains { Self.glob($0, group) || Self.glob($0, groupPath) }
        let caseMatches =
            cases.isEmpty
            || cases.contains {
                Self.glob($0, caseID) || Self.glob($0, name) || Self.glob($0, "\(group)/\(name)")
            }
        return groupMatches && caseMatches
    }

    /// `{ "groups": [...], "cases": [...] }`, each key only when it has patterns.
    public var json: JSON {
        .object(
            (groups.isEmpty ? [] : [JSONMember("groups", .array(groups.map(JSON.string)))])
                + (cases.isEmpty ? [] : [JSONMember("cases", .array(cases.map(JSON.string)))]))
    }

    /// "groups exp, log; cases *-0.5".
    public var description: String {
        let parts =
            (groups.isEmpty ? [] : ["groups " + groups.joined(separator: ", ")])
            + (cases.isEmpty ? [] : ["cases " + cases.joined(separator: ", ")])
        return parts.joined(separator: "; ")
    }

    /// Whether `text` matches the glob `pattern` (`*` any run, `?` one character), in time
    /// O(|pattern| · |text|).
    public static func glob(_ pattern: String, _ text: String) -> Bool {
        let p = Array(pattern.unicodeScalars), t = Array(text.unicodeScalars)
        // matches[j]: pattern[..<i] matches text[..<j], row by row over i.
        var matches = [Bool](repeating: false, count: t.count + 1)
        matches[0] = true
        for c in p {
            var next = [Bool](repeating: false, count: t.count + 1)
            if c == "*" {
                var any = false
                for j in 0...t.count {
                    any = any || matches[j]
                    next[j] = any
                }
            } else {
                for j in 0..<t.count where matches[j] && (c == "?" || c == t[j]) { next[j + 1] = true }
            }
            matches = next
        }
        return matches[t.count]
    }
}
