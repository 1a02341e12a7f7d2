import type { ComponentChildren } from 'preact';
import { Icon } from './icon';

export type ButtonVariant = 'primary' | 'secondary' | 'tertiary' | 'cta' | 'ghost';

interface ButtonProps {
  children: ComponentChildren;
  variant?: ButtonVariant;
  type?: 'submit' | 'button' | 'reset';
  /** A submit button's own name/value: lets one form carry several actions (Preview, Send). */
  name?: string;
  value?: string;
  icon?: string;
  disabled?: boolean;
  /** Submits another form on the page (the HTML `form` attribute). */
  form?: string;
}

/** ECL button. */
export function Button({
  children,
  variant = 'primary',
  type = 'submit',
  name,
  value,
  icon,
  disabled,
  form,
}: ButtonProps) {
  return (
    <button
      class={`ecl-button ecl-button--${variant}`}
      type={type}
      name={name}
      value={value}
      disabled={disabled}
      form={form}
    >
      <span class="ecl-button__container">
        <span class="ecl-button__label">{children}</span>
        {icon && <Icon name={icon} size="xs" class="ecl-button__icon" />}
      </span>
    </button>
  );
}

interface LinkButtonProps {
  href: string;
  children: ComponentChildren;
  variant?: ButtonVariant;
  icon?: string;
  /** Suggests a file name: the link downloads. */
  download?: boolean;
}

/** A link that looks like an ECL button (navigation or a download, never a state change). */
export function LinkButton({ href, children, variant = 'secondary', icon, download }: LinkButtonProps) {
  return (
    <a
      class={`ecl-button ecl-button--${variant} lmp-link-button`}
      href={href}
      download={download || undefined}
    >
      <span class="ecl-button__container">
        <span class="ecl-button__label">{children}</span>
        {icon && <Icon name={icon} size="xs" class="ecl-button__icon" />}
      </span>
    </a>
  );
}

interface LinkProps {
  href: string;
  children: ComponentChildren;
  standalone?: boolean;
}

/** ECL link. */
export function Link({ href, children, standalone }: LinkProps) {
  return (
    <a class={`ecl-link${standalone ? ' ecl-link--standalone' : ''}`} href={href}>
      {children}
    </a>
  );
}
