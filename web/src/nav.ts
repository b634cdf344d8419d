import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import type { Permission } from './shared';

/**
 * The registries every module plugs into. A module is ONE file, `modules/<name>/index.tsx`, imported from
 * `modules/index.ts`; at import time it calls `registerNav` and `registerRoute` (and, if it has its own strings,
 * `registerTranslations` from `i18n`). The shell, the router and the home page read these registries.
 */

/**
 * Navigation sections, in display order; the heading of a section is the i18n key `nav.section.<name>`.
 * A module may name a section of its own (it goes after these, and should register its heading's strings).
 */
export const NAV_SECTIONS = ['main', 'operations', 'search', 'analysis', 'agreements', 'admin', 'account'] as const;
export type NavSection = (typeof NAV_SECTIONS)[number] | (string & {});

/** A permission, or a list of which any one suffices. */
export type PermissionRule = Permission | readonly Permission[];

export interface NavItem {
  /** Route path, e.g. '/usuarios'. The link gets data-testid `nav-<path without the leading slash>`. */
  path: string;
  /** i18n key of the label, e.g. 'nav.users'. */
  labelKey: string;
  /** Optional small icon (an inline SVG element, ~16px, `aria-hidden`), shown left of the label and on the home card. */
  icon?: ReactNode;
  /** Hidden unless the user holds it (any of them, for a list). */
  permission?: PermissionRule;
  section: NavSection;
  /** Lower first within the section. */
  order: number;
  /** Optional i18n key of a one-line description; items with one also appear as cards on the home page. */
  descriptionKey?: string;
}

export interface RouteDef {
  /** react-router path, e.g. '/usuarios' or '/detenciones/:id'. */
  path: string;
  /** An element rendered eagerly (keep these tiny)… */
  element?: ReactNode;
  /** …or a loader for a code-split page whose module's default export is the page component. */
  lazy?: () => Promise<{ default: ComponentType }>;
  /** Users without it see a "not allowed" page instead. */
  permission?: PermissionRule;
}

/** A registered route with its lazy component created once. */
export interface ResolvedRoute extends RouteDef { Component?: LazyExoticComponent<ComponentType> }

const navRegistry: NavItem[] = [];
const routeRegistry: ResolvedRoute[] = [];

/** Adds a navigation item; registering the same path twice replaces the earlier one. */
export function registerNav(item: NavItem): void {
  const i = navRegistry.findIndex((n) => n.path === item.path);
  if (i >= 0) navRegistry.splice(i, 1);
  navRegistry.push(item);
}

/** Adds a route under the application shell; registering the same path twice replaces the earlier one. */
export function registerRoute(route: RouteDef): void {
  if (!route.element && !route.lazy) throw new Error(`registerRoute(${route.path}): element or lazy is required`);
  const i = routeRegistry.findIndex((r) => r.path === route.path);
  if (i >= 0) routeRegistry.splice(i, 1);
  routeRegistry.push({ ...route, Component: route.lazy ? lazy(route.lazy) : undefined });
}

/** True when the permission list satisfies the rule (no rule: everyone signed in). */
export function allowed(rule: PermissionRule | undefined, permissions: readonly string[]): boolean {
  if (!rule) return true;
  const list: readonly string[] = typeof rule === 'string' ? [rule] : rule;
  return list.some((p) => permissions.includes(p));
}

const sectionRank = (s: string) => {
  const i = (NAV_SECTIONS as readonly string[]).indexOf(s);
  return i < 0 ? NAV_SECTIONS.length : i;
};

/** Navigation items the user may see, sorted by section then order. */
export function visibleNav(permissions: readonly string[]): NavItem[] {
  return navRegistry
    .filter((n) => allowed(n.permission, permissions))
    .sort((a, b) => sectionRank(a.section) - sectionRank(b.section) || a.order - b.order);
}

/** Every registered route. */
export function registeredRoutes(): readonly ResolvedRoute[] {
  return routeRegistry;
}

/** The data-testid of a nav link: `nav-` + path without the leading slash, inner slashes as '-' ('/' gives 'nav-home'). */
export function navTestId(path: string): string {
  const p = path.replace(/^\/+/, '').replace(/\/+$/, '').replaceAll('/', '-');
  return `nav-${p || 'home'}`;
}
