import ServiceRuntime
import TrainingService

// `passerelle-training`: ServiceMain reads the runtime's settings (broker, database, HTTP port
// PASSERELLE_TRAINING_HTTP_PORT); TrainingSettings.environment() the course catalogue and the public address
// (docs/training.md).
await ServiceMain.run("training") { _ in
    try TrainingService.definition(settings: TrainingSettings.environment())
}
