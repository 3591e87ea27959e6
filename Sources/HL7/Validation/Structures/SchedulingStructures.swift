extension MessageStructure {
    /// SIU_S12 (S12–S26): scheduling notifications.
    static let siuS12 = MessageStructure("SIU_S12", [
        seg("MSH"), rep("SFT"), seg("SCH"), rep("TQ1"), rep("NTE"),
        group("PATIENT", repeating: true, seg("PID"), opt("PD1"), opt("PV1"), opt("PV2"), rep("OBX"), rep("DG1")),
        group("RESOURCES", required: true, repeating: true,
              seg("RGS"),
              group("SERVICE", repeating: true, seg("AIS"), rep("NTE")),
              group("GENERAL_RESOURCE", repeating: true, seg("AIG"), rep("NTE")),
              group("LOCATION_RESOURCE", repeating: true, seg("AIL"), rep("NTE")),
              group("PERSONNEL_RESOURCE", repeating: true, seg("AIP"), rep("NTE"))),
    ])
}
