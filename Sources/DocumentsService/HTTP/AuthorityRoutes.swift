import ContractTypes
import DocumentsDomain
import Foundation
import Hummingbird
import Identity
import ServiceRuntime
import Storage

/// The registry (onboarding) and the classification of each authority.
enum AuthorityRoutes {
    struct ClassificationBody: Codable, Sendable {
        var date: CalendarDate
        var natures: [ClassificationTree.Nature]
        var matters: [Matter]

        struct Matter: Codable, Sendable {
            var path: String
            var label: String
        }
    }

    static func add(to routes: ServiceRoutes, host: ServiceHost, settings: DocumentsSettings) {
        routes.post(
            "/authorities",
            .token("agents of the authority's SIREN (their own authority), operators", sees: "the authority as registered")
        ) { request, _, access in
            let authority = try await ServiceHTTP.decode(AuthorityRecord.self, from: request).validated()
            let caller = try access.requireAgent(of: authority.siren)
            try await host.withTransaction { transaction in
                try await AuthorityStore.upsert(authority, by: caller.subject, at: settings.clock.now(), in: transaction)
                try await ClassificationExchange(settings: settings).adoptPending(authority.siren, at: settings.clock.now(), transaction)
            }
            return try ServiceHTTP.json(authority, status: .created)
        }
        routes.get(
            "/authorities/:siren",
            .token("agents of the authority's SIREN, operators", sees: "the registry entry: agreement, adhesion, addresses")
        ) { _, context, access in
            let siren = context.parameters.get("siren") ?? ""
            try access.requireAgent(of: siren)
            guard let authority = try await host.withTransaction({ try await AuthorityStore.load(siren, in: $0) }) else {
                throw ServiceProblem(.notFound, code: "authorityNotJoined", field: "siren", rule: "an authority of the registry", siren)
            }
            return try ServiceHTTP.json(authority)
        }
        routes.post(
            "/authorities/:siren/classification/refresh",
            .token("agents of the authority's SIREN, operators", sees: "the id of the request sent to the prefecture")
        ) { _, context, access in
            let siren = context.parameters.get("siren") ?? ""
            try access.requireAgent(of: siren)
            let requestId = try await host.withTransaction { try await ClassificationExchange(settings: settings).request(siren, $0) }
            return try ServiceHTTP.json(["requestId": requestId], status: .accepted)
        }
        routes.on(
            "/authorities/:siren/classification", method: .put,
            .token("operators", sees: "the stored classification", roles: [Caller.Role.operator], bodyLimit: 4 << 20)
        ) { request, context, _ in
            let siren = context.parameters.get("siren") ?? ""
            let body = try await ServiceHTTP.decode(ClassificationBody.self, from: request, limit: 4 << 20)
            var matters: [String: String] = [:]
            for (index, matter) in body.matters.enumerated() {
                do throws(DocumentRefusal) {
                    matters[try MatterPath(matter.path, field: "matters[\(index)].path").description] = matter.label
                } catch {
                    throw ServiceProblem(error)
                }
            }
            let tree = ClassificationTree(date: body.date, natures: body.natures, matters: matters)
            try await host.withTransaction { transaction in
                guard try await AuthorityStore.load(siren, in: transaction) != nil else {
                    throw ServiceProblem(.notFound, code: "authorityNotJoined", field: "siren", rule: "an authority of the registry", siren)
                }
                try await AuthorityStore.storeTree(siren, tree, at: settings.clock.now(), in: transaction)
            }
            return try ServiceHTTP.json(tree)
        }
    }
}
