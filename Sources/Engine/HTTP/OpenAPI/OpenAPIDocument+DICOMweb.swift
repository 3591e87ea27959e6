import Foundation

/// DICOMweb (PS3.18) under `/dicomweb`: QIDO-RS, WADO-RS and STOW-RS.
extension OpenAPIDocument {
    private static var uid: String { "^[0-9]+(\\.[0-9]+)*$" }
    private static var study: [String: Any] { B.path("study", "Study Instance UID", B.string(pattern: uid)) }
    private static var series: [String: Any] { B.path("series", "Series Instance UID", B.string(pattern: uid)) }
    private static var instance: [String: Any] { B.path("instance", "SOP Instance UID", B.string(pattern: uid)) }
    private static var dicomJSON: [String: Any] { B.response("DICOM JSON", "application/dicom+json", schema: ["type": "array"]) }
    private static var parts: [String: Any] { B.response("multipart/related; type=\"application/dicom\"", "multipart/related", schema: ["type": "string", "format": "binary"]) }
    private static var png: [String: Any] { B.response("The rendered frame", "image/png", schema: ["type": "string", "format": "binary"]) }
    private static var invalid: [String: Any] { B.problem("A parameter is not valid") }
    private static var missing: [String: Any] { B.problem("No such study, series, instance or frame") }
    private static var notAcceptable: [String: Any] { B.problem("The Accept header asks for a representation that is not served") }

    /// QIDO-RS keys: the paging and field parameters and the attributes matched (by keyword or tag).
    private static var qido: [[String: Any]] { [
        B.query("limit", "At most this many results", B.integer(minimum: 0)),
        B.query("offset", "Skip this many results", B.integer(minimum: 0)),
        B.query("includefield", "Attribute keywords or tags to include, or all"),
        B.query("fuzzymatching", "Accepted and ignored"),
        B.query("StudyInstanceUID", "One or more UIDs, comma-separated"),
        B.query("PatientID", "Patient ID"),
        B.query("AccessionNumber", "Accession number"),
        B.query("StudyDate", "YYYYMMDD or a range YYYYMMDD-YYYYMMDD"),
        B.query("ModalitiesInStudy", "Modalities, comma-separated"),
        B.query("Modality", "Series modality"),
    ] }

    private static func search(_ summary: String, _ pathParameters: [[String: Any]]) -> [String: Any] {
        ["get": B.operation(summary, tag: "dicomweb", parameters: pathParameters + qido,
                            responses: [200: dicomJSON, 400: invalid, 404: missing, 406: notAcceptable])]
    }

    private static func retrieve(_ summary: String, _ pathParameters: [[String: Any]], _ ok: [String: Any] = parts,
                                 extra: [[String: Any]] = []) -> [String: Any] {
        ["get": B.operation(summary, tag: "dicomweb", parameters: pathParameters + extra,
                            responses: [200: ok, 400: invalid, 404: missing, 406: notAcceptable])]
    }

    private static func stow(_ summary: String, _ pathParameters: [[String: Any]]) -> [String: Any] {
        ["post": B.operation(summary, tag: "dicomweb", parameters: pathParameters,
                             body: ["required": true, "content": ["multipart/related": ["schema": ["type": "string", "format": "binary"]]]],
                             responses: [200: B.response("Every instance stored", "application/dicom+json"),
                                         202: B.response("Some instances stored", "application/dicom+json"),
                                         400: invalid, 409: B.response("No instance stored", "application/dicom+json"),
                                         413: B.problem("The body is larger than dicom.stowMaxBytes, or a part than dicom.stowMaxPartBytes"),
                                         415: B.problem("The body is not multipart/related of application/dicom"),
                                         503: B.problem("The body could not be buffered (the instance file system)")])]
    }

    static var dicomwebPaths: [String: Any] {
        let root = "/dicomweb/studies", s = "\(root)/{study}", se = "\(s)/series/{series}", i = "\(se)/instances/{instance}"
        let window = B.query("window", "center,width[,linear|linear-exact|sigmoid]")
        var paths: [String: Any] = [
            "/dicomweb/series": search("Search series", []),
            "/dicomweb/instances": search("Search instances", []),
            "\(s)/series": search("Search the series of a study", [study]),
            "\(s)/instances": search("Search the instances of a study", [study]),
            "\(se)/instances": search("Search the instances of a series", [study, series]),
            s: retrieve("Retrieve a study", [study]).merging(stow("Store instances into a study", [study])) { a, _ in a },
            se: retrieve("Retrieve a series", [study, series]),
            i: retrieve("Retrieve an instance", [study, series, instance]),
            "\(s)/metadata": retrieve("Study metadata", [study], dicomJSON),
            "\(se)/metadata": retrieve("Series metadata", [study, series], dicomJSON),
            "\(i)/metadata": retrieve("Instance metadata", [study, series, instance], dicomJSON),
            "\(i)/bulkdata/{tag}": retrieve("A bulk data element", [study, series, instance,
                                                                    B.path("tag", "GGGGEEEE", B.string(pattern: "^[0-9A-Fa-f]{8}$"))],
                                            B.response("The element", "multipart/related", schema: ["type": "string", "format": "binary"])),
            "\(i)/rendered": retrieve("The first frame as PNG", [study, series, instance], png, extra: [window]),
            "\(i)/frames/{frame}/rendered": retrieve("A frame as PNG", [study, series, instance,
                                                                       B.path("frame", "1-based frame number", B.integer(minimum: 1))],
                                                     png, extra: [window]),
        ]
        paths[root] = search("Search studies", []).merging(stow("Store instances", [])) { a, _ in a }
        return paths
    }
}
