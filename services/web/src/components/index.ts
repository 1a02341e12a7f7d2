/** The Europa Component Library (ECL 4) components the pages are made of, rendered on the server. */
export { Layout, PLATFORM_NAME, type LayoutProps, type LayoutUser, type LayoutNotice } from './layout';
export { PageHeader } from './page-header';
export { Table, type Column, type TableSort } from './table';
export { Pagination } from './pagination';
export { StatusTag, UrgentTag } from './status-tag';
export {
  Notification,
  UnavailableNotice,
  UNAVAILABLE_MESSAGE,
  type NotificationVariant,
} from './notification';
export { ErrorSummary } from './error-summary';
export {
  TextField,
  TextArea,
  Select,
  Checkbox,
  RadioGroup,
  DateField,
  FileUpload,
  type FieldProps,
  type SelectOption,
} from './form-fields';
export { Button, LinkButton, Link } from './button';
export { KeyFigures, type KeyFigure } from './key-figures';
export { DescriptionList, type DescriptionItem } from './description-list';
export { Timeline, type TimelineItem } from './timeline';
export { Chart, type ChartProps, type ChartSeries } from './chart';
export { Icon, ECL_STATIC, WEB_STATIC, ICON_SPRITE } from './icon';
export { OPERATOR_NAV, COMMISSION_NAV, navigationFor, type NavItem } from './navigation';
export * from './labels';
export * from './format';
