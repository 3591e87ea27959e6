extension MessageStructure {
    private static let orderPatient = group("PATIENT",
        seg("PID"), opt("PD1"), rep("NTE"), rep("NK1"), group("PATIENT_VISIT", seg("PV1"), opt("PV2")),
        group("INSURANCE", repeating: true, seg("IN1"), opt("IN2"), opt("IN3")), opt("GT1"), rep("AL1"))

    /// ORM_O01: general order (radiology orders from most RIS/HIS feeds).
    static let ormO01 = MessageStructure("ORM_O01", [
        seg("MSH"), rep("NTE"), orderPatient,
        group("ORDER", required: true, repeating: true,
              seg("ORC"), rep("TQ1"),
              group("ORDER_DETAIL", seg("OBR"), rep("NTE"), opt("CTD"), rep("DG1"),
                    group("OBSERVATION", repeating: true, seg("OBX"), rep("NTE"))),
              rep("FT1"), rep("CTI"), opt("BLG")),
    ])

    /// OML_O21: laboratory/imaging order (v2.5 layout, which later versions keep).
    static let omlO21 = MessageStructure("OML_O21", [
        seg("MSH"), rep("SFT"), rep("NTE"), orderPatient,
        group("ORDER", required: true, repeating: true,
              seg("ORC"),
              group("TIMING", repeating: true, seg("TQ1"), rep("TQ2")),
              group("OBSERVATION_REQUEST",
                    seg("OBR"), opt("TCD"), rep("NTE"), opt("CTD"), rep("DG1"),
                    group("OBSERVATION", repeating: true, seg("OBX"), opt("TCD"), rep("NTE")),
                    group("SPECIMEN", repeating: true, seg("SPM"), rep("OBX"),
                          group("CONTAINER", repeating: true, seg("SAC"), rep("OBX")))),
              rep("FT1"), rep("CTI"), opt("BLG")),
    ])

    /// ORR_O02: the response to an ORM.
    static let orrO02 = MessageStructure("ORR_O02", [
        seg("MSH"), seg("MSA"), rep("ERR"), rep("NTE"),
        group("RESPONSE",
              group("PATIENT", seg("PID"), rep("NTE")),
              group("ORDER", required: true, repeating: true, seg("ORC"), opt("OBR"), rep("NTE"), rep("CTI"))),
    ])

    /// ORU_R01: observation results (radiology reports).
    static let oruR01 = MessageStructure("ORU_R01", [
        seg("MSH"), rep("SFT"),
        group("PATIENT_RESULT", required: true, repeating: true,
              group("PATIENT", seg("PID"), opt("PD1"), rep("NTE"), rep("NK1"), group("VISIT", seg("PV1"), opt("PV2"))),
              group("ORDER_OBSERVATION", required: true, repeating: true,
                    opt("ORC"), seg("OBR"), rep("NTE"),
                    group("TIMING_QTY", repeating: true, seg("TQ1"), rep("TQ2")),
                    opt("CTD"),
                    group("OBSERVATION", repeating: true, seg("OBX"), rep("NTE")),
                    rep("FT1"), rep("CTI"),
                    group("SPECIMEN", repeating: true, seg("SPM"), rep("OBX")))),
        opt("DSC"),
    ])
}
