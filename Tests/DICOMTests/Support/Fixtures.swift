import Foundation

enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")
    static let dicom = root.appendingPathComponent("dicom")
    /// GPL sample data that may not be copied into the repository; tests using it skip without it.
    static let sharedSamples = root.deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/samples/public/dicom")

    static func bytes(_ name: String) throws -> [UInt8] {
        try [UInt8](Data(contentsOf: dicom.appendingPathComponent(name)))
    }

    static func url(_ name: String) -> URL { dicom.appendingPathComponent(name) }

    /// Fixture files that parse; the broken ones are listed in `broken`.
    static let readable = [
        "CT_small.dcm", "MR_small_implicit.dcm", "MR_small_bigendian.dcm", "image_dfl.dcm", "JPEG2000.dcm",
        "SC_rgb_rle.dcm", "ExplVR_LitEndNoMeta.dcm", "ExplVR_BigEndNoMeta.dcm", "rtplan.dcm", "UN_sequence.dcm",
        "nested_priv_SQ.dcm", "test-SR.dcm", "chrFren.dcm", "chrX1.dcm", "chrH31.dcm", "chrH32.dcm", "chrRuss.dcm",
    ]
    static let broken = ["MR_truncated.dcm", "rtplan_truncated.dcm", "no_meta.dcm"]

    static var sharedWorklists: [URL] {
        let folder = sharedSamples.appendingPathComponent("orthanc_wl")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".wl") }.sorted().map { folder.appendingPathComponent($0) }
    }
}
