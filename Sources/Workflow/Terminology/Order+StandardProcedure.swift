extension Order {
    /// OBR-4 as RadBridge sends it: the local coding, then the standard code as the alternate
    /// coding (CWE.4–6) when there is one and it is not the local coding already.
    var procedureComponents: [String?] {
        var components: [String?] = [procedure.code, procedure.text, procedure.codingScheme]
        if let standard = standardProcedure, standard.code != procedure.code || standard.codingScheme != procedure.codingScheme {
            components += [standard.code, standard.text, standard.codingScheme]
        }
        return components
    }
}
