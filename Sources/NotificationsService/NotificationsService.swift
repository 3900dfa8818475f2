/// The notifications service.
public enum NotificationsService {}
