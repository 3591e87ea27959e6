extension MessageStructure {
    /// ADT_A01 (A01, A04, A08, A13) and ADT_A05 (A05, A14, A28, A31): admission and registration.
    static let adtA01 = MessageStructure("ADT_A01", [
        seg("MSH"), rep("SFT"), opt("UAC"), seg("EVN"), seg("PID"), opt("PD1"), rep("ARV"), rep("ROL"), rep("NK1"),
        seg("PV1"), opt("PV2"), rep("ARV"), rep("ROL"), rep("DB1"), rep("OBX"), rep("AL1"), rep("DG1"), opt("DRG"),
        group("PROCEDURE", repeating: true, seg("PR1"), rep("ROL")),
        rep("GT1"),
        group("INSURANCE", repeating: true, seg("IN1"), opt("IN2"), rep("IN3"), rep("ROL")),
        opt("ACC"), opt("UB1"), opt("UB2"), opt("PDA"),
    ])

    /// ADT_A39 (A40, A41, A42): merge; one PATIENT group per merged pair.
    static let adtA39 = MessageStructure("ADT_A39", [
        seg("MSH"), rep("SFT"), opt("UAC"), seg("EVN"),
        group("PATIENT", required: true, repeating: true, seg("PID"), opt("PD1"), seg("MRG"), opt("PV1")),
    ])

    /// ADT_A18: merge patient information (older form).
    static let adtA18 = MessageStructure("ADT_A18", [
        seg("MSH"), rep("SFT"), opt("UAC"), seg("EVN"), seg("PID"), opt("PD1"), seg("MRG"), opt("PV1"),
    ])
}
