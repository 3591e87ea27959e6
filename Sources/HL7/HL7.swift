public enum HL7 {}
