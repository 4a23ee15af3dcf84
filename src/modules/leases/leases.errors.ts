import { AppError } from '../../common/errors/app-error';

export enum LeasesErrorCode {
  UnknownFormat = 'lease_format_unknown',
  FormatMismatch = 'lease_source_format_mismatch',
  ErrorRatioExceeded = 'lease_error_ratio_exceeded',
  InvalidTimeZone = 'lease_time_zone_invalid',
  TimeZoneRequired = 'lease_time_zone_required',
  SettingsConflict = 'lease_source_settings_conflict',
  ZoneChangeWithRows = 'lease_source_zone_change_with_rows',
  UnknownSource = 'lease_source_unknown',
  InvalidPool = 'nat_pool_invalid',
  UploadEmpty = 'lease_upload_empty',
  UploadTooLarge = 'lease_upload_too_large',
  UploadCorrupt = 'lease_upload_corrupt',
  UploadMediaType = 'lease_upload_media_type',
}

export class LeasesError extends AppError<LeasesErrorCode> {}
