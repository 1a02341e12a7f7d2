/** Where the app serves @ecl/preset-ec's dist folder (W1's static route). */
export const ECL_STATIC = '/static/ecl';
/** This service's own assets (src/assets): the layout's few additions to ECL, chart conveniences. */
export const WEB_STATIC = '/static/web';
export const ICON_SPRITE = `${ECL_STATIC}/images/icons/sprites/icons.svg`;

export type IconSize = '2xs' | 'xs' | 's' | 'm' | 'l' | 'xl';

interface IconProps {
  name: string;
  size?: IconSize;
  /** rotate-90/180/270, as ECL does for its arrows. */
  rotate?: 90 | 180 | 270;
  class?: string;
  /** A title makes the icon an image with a name; without it the icon is decorative. */
  title?: string;
}

/** An icon of ECL's sprite. */
export function Icon({ name, size = 's', rotate, class: extra, title }: IconProps) {
  const classes = ['ecl-icon', `ecl-icon--${size}`, rotate && `ecl-icon--rotate-${rotate}`, extra]
    .filter(Boolean)
    .join(' ');
  return title ? (
    <svg class={classes} focusable="false" aria-hidden="false" role="img">
      <title>{title}</title>
      <use href={`${ICON_SPRITE}#${name}`} />
    </svg>
  ) : (
    <svg class={classes} focusable="false" aria-hidden="true">
      <use href={`${ICON_SPRITE}#${name}`} />
    </svg>
  );
}
