extension FixtureFile {
    /// A fixture file whose `flagOutputs`, when nil, come from `FlagEffects` for the family,
    /// keeping for each flag only the outputs that some case carrying it has.
    ///
    /// The format module (OracleFixtureFormat) knows no family's flag effects; this initializer
    /// joins the measured tables to the format for the exporters.
    public init(
        family: String, variant: String, description: String, proof: ProofReference,
        generator: GeneratorInfo = GeneratorInfo(), conventions: OrderedMap<String>,
        notes: OrderedMap<String>, flagOutputs: OrderedMap<[String]>? = nil, testGroups: [TestGroup]
    ) {
        self.init(
            family: family, variant: variant, description: description, proof: proof, generator: generator,
            conventions: conventions, notes: notes,
            flagOutputs: flagOutputs
                ?? FlagEffects.outputs(family: family, notes: notes.keys, cases: testGroups.flatMap(\.cases)),
            testGroups: testGroups)
    }
}
