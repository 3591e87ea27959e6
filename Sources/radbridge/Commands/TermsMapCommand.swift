import ArgumentParser
import Workflow

struct TermsMapCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "map",
        abstract: "Print the standard code a procedure resolves to and why; exit 1 when it is unmapped.",
        discussion: "Line 1: CODE^DISPLAY^SCHEME (LN = LOINC, RADLEX = RadLex Playbook). Line 2: the table entry. Line 3: the rule that matched and the normalized tokens."
    )

    @Argument(help: "Procedure description, e.g. \"Chest X-Ray\".") var description: String
    @Option(help: "The sender's procedure code (OBR-4.1), tried before the description.") var code: String = ""

    func run() async throws {
        guard let match = ProcedureTerminology.standard.match(code: code, description: description) else {
            Output.error("unmapped: no standard code for \"\(description)\"\(code.isEmpty ? "" : " (code \(code))"); it goes to review")
            throw ExitCode(1)
        }
        let s = match.standard
        Output.line("\(s.code)^\(s.text)^\(s.codingScheme)")
        if let concept = match.concept {
            let loinc = concept.loinc.map { "LOINC \($0), " } ?? ""
            let site = concept.bodySite.map { ", body site SNOMED \($0.code) \($0.text)" } ?? ""
            let side = concept.laterality.map { ", laterality SNOMED \($0.code) \($0.text)" } ?? ""
            Output.line("\(loinc)RadLex \(concept.rpid), modality \(concept.modality), region \(concept.region.isEmpty ? "-" : concept.region)\(site)\(side)")
        }
        Output.line("matched by \(match)")
    }
}
