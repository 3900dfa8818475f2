import Foundation
import Yams

/// A course of the education plan: what it teaches and to whom. Courses name the platform e-service they teach, so an
/// authority's first tender or first act can suggest the matching course.
public struct Course: Sendable, Hashable, Codable {
    /// The platform e-services a course can teach.
    public enum EService: String, Sendable, Hashable, Codable, CaseIterable {
        case procurement, documents, desk, notifications, training, platform
    }

    public var code: String
    public var title: String
    public var eservice: EService
    public var durationHours: Double
    public var audience: String
    public var prerequisites: [String]

    public init(code: String, title: String, eservice: EService, durationHours: Double, audience: String, prerequisites: [String] = []) {
        self.code = code
        self.title = title
        self.eservice = eservice
        self.durationHours = durationHours
        self.audience = audience
        self.prerequisites = prerequisites
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case code, title, eservice, durationHours, audience, prerequisites
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let all = try decoder.container(keyedBy: CourseCatalogue.AnyKey.self)
        let known = Set(CodingKeys.allCases.map(\.rawValue))
        if let unknown = all.allKeys.first(where: { !known.contains($0.stringValue) }) {
            throw DecodingError.dataCorruptedError(
                forKey: .code, in: container, debugDescription: "unknown field \(unknown.stringValue) (expected one of: \(known.sorted().joined(separator: ", ")))")
        }
        self.code = try container.decode(String.self, forKey: .code)
        self.title = try container.decode(String.self, forKey: .title)
        self.eservice = try container.decode(EService.self, forKey: .eservice)
        self.durationHours = try container.decode(Double.self, forKey: .durationHours)
        self.audience = try container.decode(String.self, forKey: .audience)
        self.prerequisites = try container.decodeIfPresent([String].self, forKey: .prerequisites) ?? []
    }
}

/// The courses of the education plan, from `catalogue/training/courses.yaml`.
public struct CourseCatalogue: Sendable, Hashable {
    public var courses: [Course]

    public init(courses: [Course]) {
        self.courses = courses
    }

    public func course(_ code: String) -> Course? { self.courses.first { $0.code == code } }

    public func courses(teaching service: Course.EService) -> [Course] { self.courses.filter { $0.eservice == service } }

    struct File: Decodable {
        var courses: [Course]
    }

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Loads and checks the catalogue: codes unique and well formed, prerequisites naming courses of the catalogue,
    /// positive durations. A problem names the file and the course.
    public static func load(_ file: URL) throws -> CourseCatalogue {
        let text = try String(contentsOf: file, encoding: .utf8)
        let catalogue: CourseCatalogue
        do {
            catalogue = CourseCatalogue(courses: try YAMLDecoder().decode(File.self, from: text).courses)
        } catch {
            throw CatalogueProblem(file: file.lastPathComponent, message: "\(error)")
        }
        if let problem = catalogue.problems().first { throw CatalogueProblem(file: file.lastPathComponent, message: problem) }
        return catalogue
    }

    public func problems() -> [String] {
        var problems: [String] = []
        var seen: Set<String> = []
        for course in self.courses {
            if course.code.range(of: #"^[A-Z0-9][A-Z0-9_-]{1,19}$"#, options: .regularExpression) == nil {
                problems.append("course \(course.code): code must match ^[A-Z0-9][A-Z0-9_-]{1,19}$")
            }
            if !seen.insert(course.code).inserted { problems.append("course \(course.code): the code is used twice") }
            if course.durationHours <= 0 { problems.append("course \(course.code): durationHours must be positive") }
            if course.title.isEmpty { problems.append("course \(course.code): title is required") }
        }
        let codes = Set(self.courses.map(\.code))
        for course in self.courses {
            for prerequisite in course.prerequisites where !codes.contains(prerequisite) {
                problems.append("course \(course.code): prerequisite \(prerequisite) is not a course of the catalogue")
            }
        }
        return problems
    }

    public struct CatalogueProblem: Error, Sendable, CustomStringConvertible {
        public var file: String
        public var message: String
        public var description: String { "\(self.file): \(self.message)" }
    }
}
