import { Registry } from '../tastypie/registry.ts';
import type { ResourceDef } from '../tastypie/types.ts';
import { CustomMenu } from './custom-menu.ts';
import { Device } from './device.ts';
import { Discount } from './discount.ts';
import { Establishment } from './establishment.ts';
import { Inventory } from './inventory.ts';
import { ModifierClass } from './modifier-class.ts';
import { Modifier } from './modifier.ts';
import { PosTemplate } from './pos-template.ts';
import { ProductCategory } from './product-category.ts';
import { ProductGroup, ProductGroupAction } from './product-group.ts';
import { ProductPurchase, ViewPurchaseOrderProduct } from './product-views.ts';
import { Product } from './product.ts';
import { Timetable, TimetableData } from './timetable.ts';
import { User } from './user.ts';

/** Every Tastypie resource Understudy serves for Revel; adding one is adding its definition here. */
export const RESOURCES: ResourceDef[] = [
  Product,
  ProductPurchase,
  ViewPurchaseOrderProduct,
  Inventory,
  Modifier,
  ModifierClass,
  Device,
  PosTemplate,
  Discount,
  CustomMenu,
  ProductGroup,
  ProductGroupAction,
  Timetable,
  TimetableData,
  ProductCategory,
  Establishment,
  User,
];

export const registry = new Registry(RESOURCES);
